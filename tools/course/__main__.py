"""Command line of the course tool: `python3 -m course COMMAND` (normally through ./course)."""

import argparse
import sys

from . import browser_check, check, kernelspec, new, run, site, testall, validate

COMMANDS = {
    "run": (run, "execute notebooks on the .NET Interactive kernel"),
    "check": (check, "lint notebooks as committed"),
    "new": (new, "create a course notebook"),
    "site": (site, "build the offline course site from the executed notebooks"),
    "site-check": (browser_check, "check the site in headless Chromium with the network off"),
    "validate": (validate, "validate the executed notebooks with nbformat"),
    "kernelspec": (kernelspec, "register the .net-csharp Jupyter kernel"),
    "test": (testall, "everything CI runs"),
}


def main() -> int:
    """Dispatch to the command's module."""
    parser = argparse.ArgumentParser(prog="./course")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (module, summary) in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=summary, description=module.__doc__.split("\n")[0]))
    arguments = parser.parse_args()
    try:
        return COMMANDS[arguments.command][0].main(arguments)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
