"""`./course test`: everything CI runs, each step reported as tests, ending with 'N passed, N failed'.

Steps run in order and all run even after a failure, so one report shows every problem. A step's
test count comes from its own closing line: dotnet test's per-assembly "Passed!/Failed! - Failed: x,
Passed: y", unittest's "Ran N tests" / "FAILED (failures=a, errors=b)", or our commands' own
"N passed, N failed". A step that prints none of these counts as one test, judged by its exit code.
"""

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass

from .paths import ROOT

COURSE = str(ROOT / "course")
PYTHON = "/usr/bin/python3"
DOTNET_SUMMARY = re.compile(r"(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)")
OUR_SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)
UNITTEST_RAN = re.compile(r"^Ran (\d+) tests?", re.MULTILINE)
UNITTEST_TALLY = re.compile(r"^(?:OK|FAILED) \((.*)\)$", re.MULTILINE)

STEPS = [
    ("setup", [COURSE, "setup"]),
    ("unit tests", ["dotnet", "test", "RnnLabs.sln", "-c", "Release"]),
    ("notebooks", [COURSE, "run"]),
    ("executed notebooks are valid nbformat", [COURSE, "validate"]),
    ("notebook lint", [COURSE, "check"]),
    ("site", [COURSE, "site"]),
    ("runner contract tests", [PYTHON, "-m", "unittest", "discover", "-s", "tests/notebooks", "-t", "tests/notebooks"]),
    ("site in headless Chromium, offline", [COURSE, "site-check"]),
    ("benchmarks --quick (smoke, not timed)",
     ["dotnet", "run", "-c", "Release", "--project", "benchmarks/RnnLabs.Benchmarks", "--", "--quick"]),
]


@dataclass
class Step:
    """One step's outcome in tests."""

    name: str
    passed: int
    failed: int
    seconds: float


def add_arguments(parser) -> None:
    """`./course test` takes no options."""


def main(arguments) -> int:
    """Run every step, print a summary table and the totals."""
    steps = [_run(name, command) for name, command in STEPS]
    print("\n== summary ==")
    for step in steps:
        print(f"  {'FAIL' if step.failed else 'PASS'}  {step.name:<40} {step.passed:>4} passed {step.failed:>3} failed"
              f"  {step.seconds:7.1f} s")
    passed, failed = sum(step.passed for step in steps), sum(step.failed for step in steps)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def _run(name: str, command: list[str]) -> Step:
    print(f"\n== {name}: {' '.join(command).replace(str(ROOT) + '/', './')} ==", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=_environment())
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    status = process.wait()
    passed, failed = _count("".join(lines))
    if status != 0 and failed == 0:
        failed = 1
    if passed + failed == 0:
        passed = 1
    return Step(name, passed, failed, time.monotonic() - started)


def _count(output: str) -> tuple[int, int]:
    dotnet = DOTNET_SUMMARY.findall(output)
    if dotnet:
        return sum(int(p) for _, p in dotnet), sum(int(f) for f, _ in dotnet)
    ours = OUR_SUMMARY.findall(output)
    if ours:
        return int(ours[-1][0]), int(ours[-1][1])
    ran = UNITTEST_RAN.findall(output)
    if ran:
        total = int(ran[-1])
        tally = {key: int(n) for key, n in re.findall(r"(\w+)=(\d+)", "".join(UNITTEST_TALLY.findall(output)[-1:]))}
        bad = tally.get("failures", 0) + tally.get("errors", 0)
        return total - bad - tally.get("skipped", 0), bad
    return 0, 0


def _environment() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "tools"), PYTHONUNBUFFERED="1")
