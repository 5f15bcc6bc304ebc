"""`./course run`: execute notebooks on the stock kernel and report one line each, then the totals."""

import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from .discover import NothingToDo, notebooks
from .execute import Limits, Result, execute
from .paths import EXECUTED, shown
from .polyglot import KERNEL_NAME

DEFAULT_CELL_TIMEOUT_S = 300.0
DEFAULT_NOTEBOOK_TIMEOUT_S = 600.0


def add_arguments(parser) -> None:
    """The options of `./course run`."""
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")
    parser.add_argument("--cell-timeout", type=float, default=DEFAULT_CELL_TIMEOUT_S, metavar="S",
                        help="seconds one cell may run (default %(default)g; notebook metadata rnnlabs.cell_timeout wins)")
    parser.add_argument("--notebook-timeout", type=float, default=DEFAULT_NOTEBOOK_TIMEOUT_S, metavar="S",
                        help="seconds a whole notebook may run (default %(default)g; "
                             "notebook metadata rnnlabs.notebook_timeout wins)")
    parser.add_argument("--out", type=Path, default=EXECUTED, metavar="DIR",
                        help=f"where executed copies go (default {shown(EXECUTED)}/)")


def main(arguments) -> int:
    """Run every notebook, print PASS/FAIL with its time, end with 'N passed, N failed'."""
    try:
        sources = notebooks(arguments.paths)
    except NothingToDo as nothing:
        print(f"course run: {nothing}", file=sys.stderr)
        return 2
    problem = _kernel_problem() or _name_clash(sources)
    if problem:
        print(f"course run: {problem}", file=sys.stderr)
        return 2
    if not arguments.paths:
        _drop_stale_copies(arguments.out, sources)
    limits = Limits(arguments.cell_timeout, arguments.notebook_timeout)
    width = max(len(shown(source)) for source in sources)
    results = [_run_one(source, arguments.out, limits, width) for source in sources]
    passed = sum(result.passed for result in results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


def _run_one(source: Path, out: Path, limits: Limits, width: int) -> Result:
    print(f"{shown(source):<{width}}  ", end="", flush=True)
    result = execute(source, out / source.name, limits)
    print(f"{'PASS' if result.passed else 'FAIL'}  {result.seconds:6.1f} s", flush=True)
    for line in result.problem:
        print(f"    {line}")
    if result.problem:
        print(f"    executed copy: {shown(result.executed)}")
    return result


def _drop_stale_copies(out: Path, sources: list[Path]) -> None:
    """A full run leaves no executed copy of a notebook that no longer exists (the site is built from them)."""
    names = {source.stem for source in sources}
    for stale in sorted(out.glob("*.ipynb")):
        if stale.stem not in names:
            stale.unlink()
            stale.with_suffix(".kernel.log").unlink(missing_ok=True)
            print(f"removed {shown(stale)}: its notebook is gone")


def _kernel_problem() -> str | None:
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        return f"the Jupyter kernel {KERNEL_NAME} is not registered: run ./course setup"
    return None


def _name_clash(sources: list[Path]) -> str | None:
    names: dict[str, Path] = {}
    for source in sources:
        if source.name in names and names[source.name].resolve() != source.resolve():
            return f"{shown(names[source.name])} and {shown(source)} would both be written as {source.name}"
        names[source.name] = source
    return None
