"""The notebook shape VS Code's Polyglot Notebooks writes for C#, and builders for it.

Notebook metadata: the kernelspec that `dotnet interactive jupyter install` registers (the extension only
claims notebooks whose kernelspec name starts with `.net-`), language_info as .NET Interactive's own
Jupyter writer sets it, and `polyglot_notebook.kernelInfo`. Code cells carry both the current
(`polyglot_notebook.kernelName`) and the older (`dotnet_interactive.language`) cell-language keys.
"""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .paths import SETUP_CELL

KERNEL_NAME = ".net-csharp"

KERNELSPEC = {"name": KERNEL_NAME, "display_name": ".NET (C#)", "language": "C#"}
LANGUAGE_INFO = {"name": "C#", "pygments_lexer": "csharp", "file_extension": ".cs"}
CSHARP_KERNEL_INFO = {"name": "csharp", "languageName": "C#"}
CELL_METADATA = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}


def setup_cell_source() -> str:
    """The canonical text of the standard setup cell, the first code cell of every course notebook."""
    return SETUP_CELL.read_text(encoding="utf-8").rstrip("\n")


def notebook_metadata() -> dict:
    """Fresh notebook-level metadata in the Polyglot shape."""
    return {
        "kernelspec": dict(KERNELSPEC),
        "language_info": dict(LANGUAGE_INFO),
        "polyglot_notebook": {
            "kernelInfo": {"defaultKernelName": "csharp", "items": [dict(CSHARP_KERNEL_INFO, aliases=[])]}
        },
    }


def csharp_cell(source: str) -> nbformat.NotebookNode:
    """A C# code cell with the Polyglot cell metadata and a fresh cell id."""
    return new_code_cell(source, metadata={key: dict(value) for key, value in CELL_METADATA.items()})


def course_notebook(title: str) -> nbformat.NotebookNode:
    """A new course notebook: title and learning goals, then the standard setup cell (nbformat 4.5)."""
    goals = f"# {title}\n\n## Learning goals\n\nAfter this notebook you can:\n\n- \n"
    notebook = new_notebook(cells=[new_markdown_cell(goals), csharp_cell(setup_cell_source())])
    notebook.metadata = nbformat.from_dict(notebook_metadata())
    return notebook
