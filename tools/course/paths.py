"""Where things live in the repository, relative to its root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts"
EXECUTED = ARTIFACTS / "notebooks"
SITE = ARTIFACTS / "site"
SETUP_CELL = Path(__file__).resolve().parent / "setup_cell.cs"
TEMPLATES = Path(__file__).resolve().parent / "templates"
PLOTLY_RESOURCES = ROOT / "lib" / "RnnLabs.Interactive" / "Resources"


def shown(path: Path) -> str:
    """The path as a person would type it: relative to the repository root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
