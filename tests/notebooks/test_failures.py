"""Reading the line and message out of a failed cell, on outputs in the exact shapes the kernel emits."""

import unittest

from course.failures import describe, error_output

STACK_TAIL = ("--- End of stack trace from previous location ---\n   at Microsoft.CodeAnalysis.Scripting."
              "ScriptExecutionState.RunSubmissionsAsync[TResult](ImmutableArray`1 precedingExecutors)")


def cell(*outputs):
    return {"cell_type": "code", "outputs": list(outputs)}


def error(evalue):
    return {"output_type": "error", "ename": "Error", "evalue": evalue, "traceback": evalue.split("\n")}


def stderr(text):
    return {"output_type": "stream", "name": "stderr", "text": text}


class Describe(unittest.TestCase):
    def test_compile_error_takes_line_and_every_diagnostic_from_stderr(self):
        failure = describe(cell(stderr("\n(2,9): error CS0103: The name 'x' does not exist in the current context\n"
                                       "(3,1): error CS1002: ; expected\n\n"), error("compilation error")))
        self.assertEqual(failure.line, 2)
        self.assertEqual(failure.message, ["(2,9): error CS0103: The name 'x' does not exist in the current context",
                                           "(3,1): error CS1002: ; expected"])

    def test_compile_warning_is_not_taken_for_the_error(self):
        failure = describe(cell(stderr("(1,5): warning CS0168: unused\n(4,2): error CS0029: cannot convert\n"),
                                error("compilation error")))
        self.assertEqual(failure.line, 4)

    def test_runtime_exception_without_debug_information_has_no_line(self):
        failure = describe(cell(error("System.InvalidOperationException: boom\n   at Submission#3.<<Initialize>>"
                                      "d__0.MoveNext()\n" + STACK_TAIL)))
        self.assertIsNone(failure.line)
        self.assertEqual(failure.message, ["System.InvalidOperationException: boom"])

    def test_runtime_exception_with_debug_information_takes_the_innermost_frame_of_the_cell(self):
        failure = describe(cell(error(
            "System.InvalidOperationException: boom\n"
            "   at RnnLabs.Tensors.Tensor`1.Reshape(Int32[] shape) in /src/lib/RnnLabs/Tensors/Tensor.cs:line 120\n"
            "   at Submission#3.Boom() in :line 1\n"
            "   at Submission#4.Helper() in :line 2\n"
            "   at Submission#4.<<Initialize>>d__0.MoveNext() in :line 5\n" + STACK_TAIL)))
        self.assertEqual(failure.line, 2)

    def test_check_failure_names_its_own_line(self):
        failure = describe(cell(error("RnnLabs.Interactive.CheckFailedException: check failed at cell line 7: "
                                      "expected loss < 0.01, got 0.2\n   at Submission#9.<<Initialize>>d__0"
                                      ".MoveNext() in :line 3\n" + STACK_TAIL)))
        self.assertEqual(failure.line, 7)
        self.assertEqual(failure.message, ["RnnLabs.Interactive.CheckFailedException: check failed at cell line 7: "
                                           "expected loss < 0.01, got 0.2"])

    def test_long_message_is_cut_with_a_pointer_to_the_rest(self):
        failure = describe(cell(error("System.Exception: " + "\n".join(f"line {n}" for n in range(20)))))
        self.assertEqual(len(failure.message), 9)
        self.assertIn("12 more lines", failure.message[-1])

    def test_windows_line_endings_are_read_like_unix_ones(self):
        failure = describe(cell(error("System.Exception: oops!\r\n   at Submission#3.<<Initialize>>d__0.MoveNext()")))
        self.assertEqual(failure.message, ["System.Exception: oops!"])

    def test_cell_without_error_output_has_none(self):
        self.assertIsNone(error_output(cell(stderr("just a warning\n"))))


if __name__ == "__main__":
    unittest.main()
