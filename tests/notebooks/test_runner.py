"""The runner's contract, proven on the real kernel: `./course run` over the fixture notebooks.

The fixtures are plain C# notebooks (no setup cell, no library). One run of all of them, through the
same command line a person uses, feeds every test; the executed copies go to a temporary folder.
"""

import hashlib
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"


def _digests() -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(FIXTURES.glob("*.ipynb"))}


class RunnerContract(unittest.TestCase):
    """Failures are reported with notebook, cell, line and .NET exception; tags and timeouts behave."""

    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.TemporaryDirectory()
        cls.before = _digests()
        completed = subprocess.run([str(ROOT / "course"), "run", "--out", cls.out.name, str(FIXTURES)],
                                   cwd=ROOT, capture_output=True, text=True, timeout=600)
        cls.status, cls.stdout, cls.stderr = completed.returncode, completed.stdout, completed.stderr
        cls.reports = cls._split(completed.stdout)

    @classmethod
    def tearDownClass(cls):
        cls.out.cleanup()

    @staticmethod
    def _split(stdout: str) -> dict[str, str]:
        """Each notebook's result line plus its indented detail lines, keyed by the notebook's stem."""
        starts = list(re.finditer(r"^(\S+\.ipynb) ", stdout, re.MULTILINE))
        ends = [match.start() for match in starts[1:]] + [len(stdout)]
        return {Path(match.group(1)).stem: stdout[match.start():end] for match, end in zip(starts, ends)}

    def report(self, stem: str) -> str:
        self.assertIn(stem, self.reports, f"no result line for {stem}:\n{self.stdout}\n{self.stderr}")
        return self.reports[stem]

    def executed(self, stem: str):
        return nbformat.read(Path(self.out.name) / f"{stem}.ipynb", as_version=4)

    def test_summary_counts_every_notebook_and_exit_code_says_failure(self):
        self.assertEqual(self.stdout.rstrip("\n").split("\n")[-1], "1 passed, 6 failed", self.stdout)
        self.assertNotEqual(self.status, 0)

    def test_no_python_traceback_is_printed(self):
        self.assertNotIn("Traceback (most recent call last)", self.stdout + self.stderr)

    def test_compile_error_names_notebook_cell_line_and_diagnostic(self):
        report = self.report("compile-error")
        self.assertIn("FAIL", report.split("\n")[0])
        self.assertIn("cell 3 (code cell 2), line 2: var c = undeclared + b;", report)
        self.assertIn("error CS0103: The name 'undeclared' does not exist in the current context", report)

    def test_runtime_exception_shows_the_dotnet_message_and_says_the_line_is_unknown(self):
        report = self.report("runtime-exception")
        self.assertIn("cell 2 (code cell 1), line: not reported by the kernel", report)
        self.assertIn("System.InvalidOperationException: boom: the second line of the message follows\n    second line",
                      report)
        self.assertNotIn("Submission#", report)

    def test_runtime_exception_with_debug_information_names_the_line(self):
        report = self.report("runtime-exception-debug-info")
        self.assertIn("cell 3 (code cell 2), line 2: n % 2 == 0 ? n / 2 : throw new ArgumentException", report)
        self.assertIn("System.ArgumentException: 5 is odd (Parameter 'n')", report)

    def test_raises_exception_cell_that_does_not_throw_fails_the_run(self):
        report = self.report("raises-exception-not-thrown")
        self.assertIn("FAIL", report.split("\n")[0])
        self.assertIn("cell 2 (code cell 1) is tagged raises-exception but did not throw", report)

    def test_raises_exception_cell_that_throws_passes_and_skip_execution_cell_is_not_run(self):
        self.assertIn("PASS", self.report("tags-honoured").split("\n")[0])
        raises, skipped, after = [cell for cell in self.executed("tags-honoured").cells if cell.cell_type == "code"]
        self.assertEqual([output.output_type for output in raises.outputs], ["error"])
        self.assertEqual((skipped.outputs, skipped.execution_count), ([], None))
        self.assertNotIn("execution", skipped.metadata)
        self.assertEqual(after.outputs[0].text, "after the tagged cells\n")

    def test_cell_timeout_is_reported_as_a_timeout(self):
        report = self.report("cell-timeout")
        self.assertIn("cell 3 (code cell 2): timeout: still running when the per-cell limit of 20 s ran out", report)
        seconds = float(re.search(r"FAIL +([\d.]+) s", report).group(1))
        self.assertLess(seconds, 45, "the timed-out kernel was not stopped promptly")

    def test_notebook_timeout_is_reported_as_a_timeout(self):
        report = self.report("notebook-timeout")
        self.assertRegex(report, r"cell 2 \(code cell 1\): timeout: .*the notebook's limit of 10 s ran out")

    def test_executed_copy_has_wall_times_kernel_timestamps_and_no_kernel_bootstrap(self):
        notebook = self.executed("tags-honoured")
        ran = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.execution_count]
        for cell in ran:
            self.assertGreater(cell.metadata["rnnlabs"]["wall_time_s"], 0)
            self.assertIn("shell.execute_reply", cell.metadata["execution"])
        self.assertEqual(notebook.metadata["rnnlabs"]["run"]["status"], "pass")
        html = "".join(str(output.get("data", {})) for cell in notebook.cells for output in cell.get("outputs", []))
        self.assertNotIn("probeAddresses", html)

    def test_source_notebooks_are_unchanged(self):
        self.assertEqual(_digests(), self.before)


if __name__ == "__main__":
    unittest.main()
