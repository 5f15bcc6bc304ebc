"""`./course check`: lint course notebooks as committed (no kernel needed).

Each problem is one line `path: problem`; the exit code is non-zero when there is any.
"""

import re
import sys
import warnings
from pathlib import Path

import nbformat

from .discover import NothingToDo, notebooks
from .paths import SETUP_CELL, shown
from .polyglot import CELL_METADATA, CSHARP_KERNEL_INFO, KERNELSPEC, LANGUAGE_INFO, setup_cell_source

NAME = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")


def add_arguments(parser) -> None:
    """The options of `./course check`."""
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")


def main(arguments) -> int:
    """Print every problem found and return 1 if there was one."""
    try:
        paths = notebooks(arguments.paths)
    except NothingToDo as nothing:
        print(f"course check: {nothing}", file=sys.stderr)
        return 2
    problems = numbering(paths) + [f"{shown(path)}: {problem}" for path in paths for problem in problems_in(path)]
    for problem in problems:
        print(problem)
    print(f"checked {len(paths)} notebook(s): {len(problems) or 'no'} problem(s)")
    return 1 if problems else 0


def numbering(paths: list[Path]) -> list[str]:
    """Names must be NN-kebab-title.ipynb, numbered 00, 01, ... without gaps within each folder."""
    problems = [f"{shown(path)}: name is not NN-kebab-title.ipynb" for path in paths if not NAME.match(path.name)]
    for folder in sorted({path.parent for path in paths}):
        numbers = sorted(int(NAME.match(p.name).group(1)) for p in paths if p.parent == folder and NAME.match(p.name))
        if numbers != list(range(len(numbers))):
            problems.append(f"{shown(folder)}/: notebook numbers {numbers} are not 00, 01, ... without gaps or repeats")
    return problems


def problems_in(path: Path) -> list[str]:
    """Everything wrong with one notebook file."""
    try:
        # nbformat's plain reader: nbformat.read would validate, and so repair, the notebook.
        notebook = nbformat.reader.reads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, nbformat.ValidationError) as error:
        return [f"cannot be read as a notebook: {error}"]
    if (notebook.nbformat, notebook.nbformat_minor) != (4, 5):
        return [f"nbformat is {notebook.nbformat}.{notebook.nbformat_minor}, not 4.5 (cells need ids)"]
    # Ids are checked before nbformat.validate, which fills in missing ones and renumbers duplicates.
    ids = [cell.get("id") for cell in notebook.cells]
    missing = [number for number, cell_id in enumerate(ids, start=1) if not cell_id]
    if missing:
        return [f"cells {missing} have no id"]
    duplicates = sorted({cell_id for cell_id in ids if ids.count(cell_id) > 1})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        return [f"not valid nbformat 4.5: {error.message}"]
    return ([f"duplicate cell ids {duplicates}"] if duplicates else []) + _metadata(notebook.metadata) + \
        _cells(notebook.cells)


def _metadata(metadata) -> list[str]:
    problems = []
    if metadata.get("kernelspec") != KERNELSPEC:
        problems.append(f"metadata.kernelspec is {metadata.get('kernelspec')}, expected {KERNELSPEC}")
    language_info = metadata.get("language_info", {})
    wrong = {key: language_info.get(key) for key, value in LANGUAGE_INFO.items() if language_info.get(key) != value}
    if wrong:
        problems.append(f"metadata.language_info has {wrong}, expected {LANGUAGE_INFO}")
    kernel_info = metadata.get("polyglot_notebook", {}).get("kernelInfo", {})
    if kernel_info.get("defaultKernelName") != "csharp":
        problems.append("metadata.polyglot_notebook.kernelInfo.defaultKernelName is not \"csharp\"")
    items = kernel_info.get("items", [])
    if not any(all(item.get(key) == value for key, value in CSHARP_KERNEL_INFO.items()) for item in items):
        problems.append(f"metadata.polyglot_notebook.kernelInfo.items has no {CSHARP_KERNEL_INFO}")
    return problems


def _cells(cells) -> list[str]:
    problems = []
    code = [(index, cell) for index, cell in enumerate(cells) if cell.cell_type == "code"]
    for index, cell in code:
        where = f"cell {index + 1}"
        for key, value in CELL_METADATA.items():
            if cell.metadata.get(key) != value:
                problems.append(f"{where}: metadata.{key} is {cell.metadata.get(key)}, expected {value}")
        if cell.get("outputs"):
            problems.append(f"{where}: has outputs (commit notebooks without outputs)")
        if cell.get("execution_count") is not None:
            problems.append(f"{where}: has an execution_count (commit notebooks unexecuted)")
        run_keys = sorted({"execution", "rnnlabs"} & set(cell.metadata))
        if run_keys:
            problems.append(f"{where}: has run metadata {run_keys} (an executed copy was committed?)")
    if not code:
        problems.append("has no code cell (the first one must be the standard setup cell)")
    elif code[0][1].source.rstrip("\n") != setup_cell_source():
        problems.append(f"cell {code[0][0] + 1}: the first code cell is not the standard setup cell "
                        f"({shown(SETUP_CELL)}){_first_difference(code[0][1].source)}")
    return problems


def _first_difference(source: str) -> str:
    actual, expected = source.rstrip("\n").split("\n"), setup_cell_source().split("\n")
    for number, (have, want) in enumerate(zip(actual, expected), start=1):
        if have != want:
            return f"; line {number} is {have!r}, expected {want!r}"
    return f"; it has {len(actual)} lines, expected {len(expected)}"
