"""What went wrong in a failed C# cell: the line inside the cell and the .NET exception's message.

The stock kernel reports a failure as an `error` output (ename "Error"). Where the line comes from:
- a notebook check helper throws CheckFailedException("check failed at cell line N: ...");
- a compile error has evalue "compilation error" and diagnostics "(line,col): error CSxxxx: ..." in a
  stderr stream output of the same cell;
- a runtime exception carries a stack trace whose frames end in ":line N" only when the kernel emits
  debug information; the cell's own code is the submission whose `<<Initialize>>` frame is on the stack.
Otherwise the kernel does not say, and neither do we.
"""

import re
from dataclasses import dataclass

MESSAGE_LINES = 8
CHECK_FAILED = re.compile(r"check failed at cell line (\d+)")
DIAGNOSTIC = re.compile(r"^\((\d+),(\d+)\): error (CS\d+: .*)$", re.MULTILINE)
CELL_FRAME = re.compile(r"^\s*at Submission#(\d+)\.<<Initialize>>.* in .*:line (\d+)\s*$", re.MULTILINE)
STACK_FRAME = re.compile(r"^   at |^--- End of", re.MULTILINE)


@dataclass(frozen=True)
class CellFailure:
    """A failed cell's line (1-based, None when the kernel does not report it) and message lines."""

    line: int | None
    message: list[str]


def error_output(cell) -> dict | None:
    """The cell's first `error` output, or None when the cell did not throw."""
    return next((output for output in cell.get("outputs", []) if output.get("output_type") == "error"), None)


def describe(cell) -> CellFailure:
    """Read the line and the exception message out of a cell that has an `error` output."""
    error = error_output(cell)
    text = _exception_text(error)
    if error.get("evalue") == "compilation error":
        diagnostics = DIAGNOSTIC.findall(_stderr(cell))
        if diagnostics:
            line = int(diagnostics[0][0])
            return CellFailure(line, [f"({row},{col}): error {rest}" for row, col, rest in diagnostics][:MESSAGE_LINES])
    return CellFailure(_runtime_line(text), _message(text))


def _exception_text(error: dict) -> str:
    text = error.get("evalue") or "\n".join(error.get("traceback", [])) or error.get("ename", "")
    return text.replace("\r\n", "\n")


def _stderr(cell) -> str:
    streams = (o for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    return "".join(stream.get("text", "") for stream in streams).replace("\r\n", "\n")


def _runtime_line(text: str) -> int | None:
    checked = CHECK_FAILED.search(text)
    if checked:
        return int(checked.group(1))
    cell_frame = CELL_FRAME.search(text)
    if not cell_frame:
        return None
    # The innermost frame of this cell's own submission: a function declared and called in the cell
    # fails on its own line, not on the line that called it.
    own = re.search(rf"^\s*at Submission#{cell_frame.group(1)}\..* in .*:line (\d+)\s*$", text, re.MULTILINE)
    return int(own.group(1))


def _message(text: str) -> list[str]:
    stack = STACK_FRAME.search(text)
    message = text[: stack.start()] if stack else text
    lines = [line.rstrip() for line in message.strip("\n").split("\n")]
    if len(lines) > MESSAGE_LINES:
        lines = lines[:MESSAGE_LINES] + [f"... ({len(lines) - MESSAGE_LINES} more lines in the executed notebook)"]
    return lines
