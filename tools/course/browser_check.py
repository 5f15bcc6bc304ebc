"""`./course site-check`: the site as a reader's browser shows it, with the network off.

Each page is loaded from disk in headless Chromium with DNS resolution disabled, its scripts run, and
the resulting DOM is read back. A page whose notebook draws a Plotly chart must contain a rendered
chart (an `svg.main-svg`); a page whose markdown has LaTeX must contain MathJax output when the site
ships MathJax. No page may load a script or stylesheet from another host.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from .paths import EXECUTED, SITE, shown

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
REMOTE = re.compile(r"<(?:script[^>]*\ssrc|link[^>]*\shref)\s*=\s*[\"'](?:https?:)?//", re.IGNORECASE)
CHART_CALL = re.compile(r"Plotly\.(?:newPlot|react)\(")
RENDERED_CHART = re.compile(r"<svg[^>]*class=\"main-svg\"")
RENDERED_MATH = re.compile(r"class=\"mjx-chtml")
INLINE_MATH = re.compile(r"\$[^$\n]+\$")
TIME_BUDGET_MS = 20000


def add_arguments(parser) -> None:
    """The options of `./course site-check`."""
    parser.add_argument("--site", type=Path, default=SITE, metavar="DIR", help=f"the site (default {shown(SITE)}/)")
    parser.add_argument("--executed", type=Path, default=EXECUTED, metavar="DIR",
                        help=f"the executed notebooks the pages came from (default {shown(EXECUTED)}/)")


def main(arguments) -> int:
    """Check every page; one PASS/FAIL line each, then the totals."""
    browser = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    pages = sorted(arguments.site.glob("*.html"))
    if not browser or not pages:
        print("course site-check: " + ("no Chromium on PATH (./course setup installs it)" if not browser
                                        else f"no pages in {shown(arguments.site)}/: run ./course site first"),
              file=sys.stderr)
        return 2
    has_mathjax = (arguments.site / "assets" / "mathjax" / "MathJax.js").is_file()
    failed = 0
    for page in pages:
        problems, found = _check(browser, page, arguments.executed / (page.stem + ".ipynb"), has_mathjax)
        failed += bool(problems)
        print(f"{'FAIL' if problems else 'PASS'}  {shown(page)}: {found}" + "".join(f"\n    {p}" for p in problems))
    print(f"{len(pages) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _check(browser: str, page: Path, notebook_path: Path, has_mathjax: bool) -> tuple[list[str], str]:
    problems = [f"loads {match.group(0)}... from the network" for match in REMOTE.finditer(page.read_text("utf-8"))]
    rendered = _render(browser, page)
    dom = rendered.stdout
    if "<body" not in dom:
        detail = rendered.stderr.strip()[-300:]
        return problems + [f"Chromium rendered nothing (exit code {rendered.returncode}): {detail}"], "not rendered"
    charts, math = len(RENDERED_CHART.findall(dom)), len(RENDERED_MATH.findall(dom))
    if notebook_path.is_file():
        notebook = nbformat.read(notebook_path, as_version=4)
        if _draws_charts(notebook) and not charts:
            problems.append("the notebook draws Plotly charts but no rendered chart (svg.main-svg) is on the page")
        if has_mathjax and _has_math(notebook) and not math:
            problems.append("the notebook's markdown has LaTeX but MathJax rendered none of it")
    return problems, f"{charts} rendered chart layer(s), {math} MathJax element(s)"


def _render(browser: str, page: Path) -> subprocess.CompletedProcess:
    """The page's DOM after its scripts ran (stdout), as headless Chromium dumps it."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--virtual-time-budget={TIME_BUDGET_MS}",
             "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=180)


def _draws_charts(notebook) -> bool:
    return any(CHART_CALL.search(str(output.get("data", {}).get("text/html", "")))
               for cell in notebook.cells for output in cell.get("outputs", []))


def _has_math(notebook) -> bool:
    return any(cell.cell_type == "markdown" and ("$$" in cell.source or INLINE_MATH.search(cell.source))
               for cell in notebook.cells)
