"""TorchSharp in the notebook kernel (Debian 12): a notebook that #r's RnnLabs.Torch from the library's output
folder runs a parity check on the real kernel. The kernel searches for native libraries beside its own executable,
so this passes only because RnnLabs.Torch loads the patched wrapper from beside itself."""

import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = Path(__file__).resolve().parent / "kernel" / "torch-parity.ipynb"


class TorchInKernel(unittest.TestCase):
    def test_parity_check_runs_in_the_kernel(self):
        with tempfile.TemporaryDirectory() as out:
            completed = subprocess.run([str(ROOT / "course"), "run", "--out", out, str(NOTEBOOK)],
                                       cwd=ROOT, capture_output=True, text=True, timeout=600)
        self.assertEqual(completed.returncode, 0, completed.stdout + completed.stderr)
        self.assertEqual(completed.stdout.rstrip("\n").split("\n")[-1], "1 passed, 0 failed", completed.stdout)


if __name__ == "__main__":
    unittest.main()
