"""Which notebooks a command works on: the paths given, folders expanded in name order."""

from pathlib import Path

from .paths import NOTEBOOKS, shown


class NothingToDo(Exception):
    """No notebook was found where the command looked."""


def notebooks(arguments: list[str]) -> list[Path]:
    """Notebook files for the given files and folders (default: notebooks/), folders in name order."""
    targets = [Path(argument) for argument in arguments] or [NOTEBOOKS]
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            in_folder = sorted(target.glob("*.ipynb"))
            if not in_folder:
                raise NothingToDo(f"no notebooks (*.ipynb) in {shown(target)}/")
            found.extend(in_folder)
        elif target.suffix == ".ipynb" and target.is_file():
            found.append(target)
        elif not target.exists():
            raise NothingToDo(f"no notebooks: {shown(target)} does not exist")
        else:
            raise NothingToDo(f"{shown(target)} is not a notebook (.ipynb) or a folder")
    return found
