"""`./course check` and `./course new`: a fresh course notebook passes, and each kind of problem is named."""

import json
import shutil
import tempfile
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_output

from course.check import numbering, problems_in
from course.polyglot import course_notebook, csharp_cell


class Check(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, notebook, name="00-intro.ipynb") -> Path:
        path = self.folder / name
        nbformat.write(notebook, path)
        return path

    def problems(self, change) -> list[str]:
        notebook = course_notebook("Intro")
        notebook.cells.append(csharp_cell("var x = 1;"))
        change(notebook)
        return problems_in(self.write(notebook))

    def test_new_course_notebook_has_no_problem(self):
        self.assertEqual(self.problems(lambda notebook: None), [])

    def test_wrong_kernelspec_is_named(self):
        def change(notebook):
            notebook.metadata.kernelspec.name = "python3"
        self.assertIn("metadata.kernelspec", self.problems(change)[0])

    def test_missing_language_info_is_named(self):
        def change(notebook):
            del notebook.metadata["language_info"]
        self.assertIn("metadata.language_info", self.problems(change)[0])

    def test_missing_polyglot_kernel_info_is_named(self):
        def change(notebook):
            del notebook.metadata["polyglot_notebook"]
        self.assertEqual(len(self.problems(change)), 2)

    def test_code_cell_without_polyglot_cell_metadata_is_named(self):
        def change(notebook):
            notebook.cells[-1].metadata = {}
        problems = self.problems(change)
        self.assertTrue(any("cell 3: metadata.dotnet_interactive" in p for p in problems), problems)
        self.assertTrue(any("cell 3: metadata.polyglot_notebook" in p for p in problems), problems)

    def test_outputs_and_execution_count_are_named(self):
        def change(notebook):
            notebook.cells[-1].outputs = [new_output("stream", name="stdout", text="1\n")]
            notebook.cells[-1].execution_count = 3
        problems = self.problems(change)
        self.assertIn("cell 3: has outputs (commit notebooks without outputs)", problems)
        self.assertIn("cell 3: has an execution_count (commit notebooks unexecuted)", problems)

    def test_first_code_cell_must_be_the_setup_cell(self):
        def change(notebook):
            notebook.cells[1].source = notebook.cells[1].source.replace("Notebook.Setup()", "Notebook.Setup(42)")
        self.assertIn("the first code cell is not the standard setup cell", self.problems(change)[0])

    def test_cells_without_ids_are_named(self):
        notebook = course_notebook("Intro")
        notebook.nbformat_minor = 4
        for cell in notebook.cells:
            del cell["id"]
        self.assertIn("not 4.5", problems_in(self.write(notebook))[0])

    def test_duplicate_cell_ids_are_named(self):
        raw = self.raw_course_notebook()
        raw["cells"][2]["id"] = raw["cells"][1]["id"]
        self.assertEqual(problems_in(self.write_raw(raw)), [f"duplicate cell ids ['{raw['cells'][1]['id']}']"])

    def test_missing_cell_id_in_a_4_5_notebook_is_named(self):
        raw = self.raw_course_notebook()
        del raw["cells"][2]["id"]
        self.assertEqual(problems_in(self.write_raw(raw)), ["cells [3] have no id"])

    def raw_course_notebook(self) -> dict:
        notebook = course_notebook("Intro")
        notebook.cells.append(csharp_cell("var x = 1;"))
        return json.loads(nbformat.writes(notebook))

    def write_raw(self, raw: dict) -> Path:
        path = self.folder / "00-intro.ipynb"
        path.write_text(json.dumps(raw), encoding="utf-8")
        return path

    def test_names_must_be_numbered_kebab_case_without_gaps(self):
        paths = [self.folder / name for name in ("00-intro.ipynb", "02-next.ipynb", "03_Bad.ipynb")]
        problems = numbering(paths)
        self.assertTrue(any("03_Bad.ipynb: name is not NN-kebab-title.ipynb" in p for p in problems), problems)
        self.assertTrue(any("numbers [0, 2] are not 00, 01" in p for p in problems), problems)
        self.assertEqual(numbering([self.folder / "00-a.ipynb", self.folder / "01-b-c.ipynb"]), [])


if __name__ == "__main__":
    unittest.main()
