"""`./course validate`: every executed copy is a valid notebook by nbformat's own schema."""

import sys
from pathlib import Path

import nbformat

from .paths import EXECUTED, shown


def add_arguments(parser) -> None:
    """The options of `./course validate`."""
    parser.add_argument("--executed", type=Path, default=EXECUTED, metavar="DIR",
                        help=f"executed notebooks (default {shown(EXECUTED)}/)")


def main(arguments) -> int:
    """Validate each executed notebook; one PASS/FAIL line each, then the totals."""
    copies = sorted(arguments.executed.glob("*.ipynb"))
    if not copies:
        print(f"course validate: no executed notebooks in {shown(arguments.executed)}/", file=sys.stderr)
        return 2
    failed = 0
    for copy in copies:
        try:
            nbformat.validate(nbformat.reader.reads(copy.read_text(encoding="utf-8")))
            print(f"PASS  {shown(copy)}")
        except (ValueError, nbformat.ValidationError) as error:
            failed += 1
            print(f"FAIL  {shown(copy)}: {getattr(error, 'message', error)}")
    print(f"{len(copies) - failed} passed, {failed} failed")
    return 1 if failed else 0
