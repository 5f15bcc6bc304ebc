"""Register the stock .NET Interactive kernel with Jupyter as `.net-csharp` (idempotent).

`dotnet interactive jupyter install` writes the kernelspec; we then change one thing in its argv.
In Jupyter mode this kernel version always starts an HTTP API (the `--http-port-range` option defaults
to 2048-3000 when absent, so dropping it changes nothing) and, by default, listens on every network
interface. `--http-local-only` keeps it on the loopback interface: nothing in the course needs the
kernel reachable from another machine. The HTML bootstrap the kernel injects into the first executed
cell cannot be switched off here; `./course run` drops it from the executed copies (see execute.py).
"""

import json
import subprocess
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir

from .paths import ROOT
from .polyglot import KERNEL_NAME

ARGV = ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-local-only"]


def add_arguments(parser) -> None:
    """`./course kernelspec` takes no options."""


def main(arguments) -> int:
    """Install the kernelspec if it is missing or differs, and say which."""
    kernels = Path(jupyter_data_dir()) / "kernels"
    spec_file = kernels / KERNEL_NAME / "kernel.json"
    if spec_file.is_file() and json.loads(spec_file.read_text(encoding="utf-8")).get("argv") == ARGV:
        print(f"kernelspec {KERNEL_NAME}: up to date ({spec_file})")
        return 0
    # The installer refuses to create the kernels folder itself.
    kernels.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dotnet", "interactive", "jupyter", "install", "--path", str(kernels)], cwd=ROOT, check=True)
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["argv"] = ARGV
    spec_file.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    print(f"kernelspec {KERNEL_NAME}: installed {spec_file} (HTTP API on loopback only)")
    return 0
