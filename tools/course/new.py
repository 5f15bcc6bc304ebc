"""`./course new NN-title`: start a course notebook with the right metadata, goals and setup cell."""

import sys
from pathlib import Path

import nbformat

from .check import NAME
from .paths import NOTEBOOKS, shown
from .polyglot import course_notebook


def add_arguments(parser) -> None:
    """The options of `./course new`."""
    parser.add_argument("name", help="NN-kebab-title, e.g. 04-lstm-cells (created in notebooks/)")


def main(arguments) -> int:
    """Create notebooks/NN-title.ipynb unless it exists."""
    file_name = Path(arguments.name).name.removesuffix(".ipynb") + ".ipynb"
    match = NAME.match(file_name)
    if not match:
        print(f"course new: {arguments.name!r} is not NN-kebab-title (two digits, then lower-case words joined by -)",
              file=sys.stderr)
        return 2
    path = NOTEBOOKS / file_name
    if path.exists():
        print(f"course new: {shown(path)} already exists", file=sys.stderr)
        return 2
    words = file_name.removesuffix(".ipynb").split("-")[1:]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(course_notebook(" ".join(words).capitalize()), path)
    print(f"created {shown(path)}")
    return 0
