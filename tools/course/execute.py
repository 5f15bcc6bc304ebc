"""Execute one notebook top to bottom in a fresh stock kernel through nbclient.

The source notebook is only read; the executed copy, with per-cell wall times and the kernel's
execution timestamps in cell metadata, goes where the caller says. Tags: `skip-execution` cells are
not run (nbclient's own rule), a `raises-exception` cell passes only if it throws.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import failures
from .paths import shown
from .polyglot import KERNEL_NAME

SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"


@dataclass(frozen=True)
class Limits:
    """Timeouts in seconds: for one cell, and for the whole notebook including kernel start-up."""

    cell_s: float
    notebook_s: float

    def overridden_by(self, metadata: dict) -> "Limits":
        """These limits with a notebook's own `metadata.rnnlabs.cell_timeout` / `notebook_timeout` applied."""
        own = metadata.get("rnnlabs", {})
        return Limits(float(own.get("cell_timeout", self.cell_s)), float(own.get("notebook_timeout", self.notebook_s)))


@dataclass
class Result:
    """How one notebook run went; `problem` holds the lines that explain a failure (empty on success)."""

    source: Path
    executed: Path
    seconds: float
    problem: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every cell behaved as its tags say."""
        return not self.problem


def execute(source: Path, executed: Path, defaults: Limits) -> Result:
    """Run `source` in a fresh kernel with its folder as working directory and write the copy to `executed`."""
    notebook = nbformat.read(source, as_version=4)
    limits = defaults.overridden_by(notebook.metadata)
    executed.parent.mkdir(parents=True, exist_ok=True)
    kernel_log = executed.with_suffix(".kernel.log")
    started = time.monotonic()
    with open(kernel_log, "w", encoding="utf-8") as log:
        problem = _run(notebook, source.parent, limits, started + limits.notebook_s, log, kernel_log)
    seconds = time.monotonic() - started
    notebook.metadata.setdefault("rnnlabs", {})["run"] = {
        "status": "fail" if problem else "pass",
        "wall_time_s": round(seconds, 3),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "kernel": KERNEL_NAME,
        "cell_timeout_s": limits.cell_s,
        "notebook_timeout_s": limits.notebook_s,
    }
    nbformat.write(notebook, executed)
    return Result(source, executed, seconds, problem)


def _run(notebook, folder: Path, limits: Limits, deadline: float, log, kernel_log: Path) -> list[str]:
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        allow_errors=True,
        record_timing=True,
        skip_cells_with_tag=SKIP_TAG,
        timeout_func=lambda cell: max(1.0, min(limits.cell_s, deadline - time.monotonic())),
        resources={"metadata": {"path": str(folder)}},
        log=_quiet_logger(log),
    )
    try:
        with client.setup_kernel(stdout=log, stderr=log):
            return _run_cells(client, notebook, limits, deadline, kernel_log)
    except (RuntimeError, TimeoutError) as error:
        return [f"the kernel did not start or stop cleanly: {error} (kernel log: {shown(kernel_log)})",
                "the kernel is `dotnet interactive`, a local tool found through .config/dotnet-tools.json in the "
                "notebook's folder or above (./course setup restores it)"]


def _run_cells(client: NotebookClient, notebook, limits: Limits, deadline: float, kernel_log: Path) -> list[str]:
    code_cells = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        code_cells += 1
        where = f"cell {index + 1} (code cell {code_cells})"
        budget = deadline - time.monotonic()
        if budget <= 0:
            client.shutdown_kernel = "immediate"
            return [f"{where}: timeout: the notebook's limit of {limits.notebook_s:g} s ran out before this cell"]
        started = time.monotonic()
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            client.shutdown_kernel = "immediate"
            limit = (f"the notebook's limit of {limits.notebook_s:g} s" if budget < limits.cell_s
                     else f"the per-cell limit of {limits.cell_s:g} s")
            return [f"{where}: timeout: still running when {limit} ran out"]
        except DeadKernelError:
            client.shutdown_kernel = "immediate"
            return [f"{where}: the kernel died (kernel log: {shown(kernel_log)})"]
        finally:
            _record(cell, time.monotonic() - started)
        problem = _judge(cell, where)
        if problem:
            return problem
    return []


def _record(cell, seconds: float) -> None:
    """Note the wall time of a cell that ran and drop the kernel's HTTP bootstrap from its outputs."""
    if SKIP_TAG in cell.metadata.get("tags", []):
        return
    cell.metadata.setdefault("rnnlabs", {})["wall_time_s"] = round(seconds, 3)
    cell.outputs = [output for output in cell.get("outputs", []) if not _is_http_bootstrap(output)]


def _judge(cell, where: str) -> list[str]:
    threw = failures.error_output(cell) is not None
    if RAISES_TAG in cell.metadata.get("tags", []):
        return [] if threw else [f"{where} is tagged {RAISES_TAG} but did not throw"]
    if not threw:
        return []
    failure = failures.describe(cell)
    if failure.line is None:
        return [f"{where}, line: not reported by the kernel", *failure.message]
    lines = cell.source.split("\n")
    code = lines[failure.line - 1].strip() if 0 < failure.line <= len(lines) else ""
    return [f"{where}, line {failure.line}: {code[:120]}", *failure.message]


def _is_http_bootstrap(output) -> bool:
    """The kernel's HTTP-API handshake, which it injects into the first executed cell.

    The stock kernel always starts its HTTP API in Jupyter mode and announces it with a script that
    probes the kernel's ports and loads require.js from a CDN. In an executed copy the kernel is gone,
    so the script can only fail (and reach for the network), on the site or in any viewer: drop it.
    """
    html = output.get("data", {}).get("text/html", "") if output.get("output_type") == "display_data" else ""
    return "probeAddresses(" in html and "dotnet-interactive-this-cell-" in html


def _quiet_logger(log) -> logging.Logger:
    """nbclient's own log lines (e.g. "Timeout waiting for execute reply") go to the kernel log, not the console."""
    logger = logging.getLogger("course.nbclient")
    logger.propagate = False
    logger.handlers = [logging.StreamHandler(log)]
    return logger
