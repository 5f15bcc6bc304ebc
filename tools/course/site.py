"""`./course site`: the offline course site, built from the executed notebooks with nbconvert's HTML export.

artifacts/site/ gets one page per notebook (nbconvert's "lab" page without require.js), an index in course
order with each notebook's title and run time, and assets/: the vendored plotly.js and, when Debian's
libjs-mathjax is installed, the part of MathJax 2 that renders TeX as CommonHTML. Pages load nothing from
the network.
"""

import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

from .paths import EXECUTED, PLOTLY_RESOURCES, SITE, TEMPLATES, shown

MATHJAX = Path("/usr/share/javascript/mathjax")
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX",
                 "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff"]
MATHJAX_URL = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
PLOTLY_BANNER = re.compile(r"/\*\*\s*\*\s*plotly\.js \([^)]*\) v(\d+\.\d+\.\d+)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def add_arguments(parser) -> None:
    """The options of `./course site`."""
    parser.add_argument("--executed", type=Path, default=EXECUTED, metavar="DIR",
                        help=f"executed notebooks (default {shown(EXECUTED)}/)")
    parser.add_argument("--out", type=Path, default=SITE, metavar="DIR", help=f"the site (default {shown(SITE)}/)")


def main(arguments) -> int:
    """Rebuild the site from scratch and list its pages."""
    sources = sorted(arguments.executed.glob("*.ipynb"))
    if not sources:
        print(f"course site: no executed notebooks in {shown(arguments.executed)}/: run ./course run first",
              file=sys.stderr)
        return 2
    site = arguments.out
    shutil.rmtree(site, ignore_errors=True)
    (site / "assets").mkdir(parents=True)
    plotly = _copy_plotly(site / "assets")
    mathjax_url = MATHJAX_URL if _copy_mathjax(site / "assets" / "mathjax") else ""
    exporter = HTMLExporter(template_name="rnnlabs", extra_template_basedirs=[str(TEMPLATES)], mathjax_url=mathjax_url)
    pages = []
    for index, source in enumerate(sources):
        notebook = nbformat.read(source, as_version=4)
        neighbours = {"previous": _href(sources, index - 1), "next": _href(sources, index + 1)}
        html, _ = exporter.from_notebook_node(notebook, resources={"rnnlabs": neighbours})
        if plotly:
            html = _link_plotly(html, plotly)
        page = site / (source.stem + ".html")
        page.write_text(html, encoding="utf-8")
        pages.append(_index_entry(source, notebook, page))
        print(f"{shown(page)}  {len(html) / 1e6:.2f} MB")
    index = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    (site / "index.html").write_text(index.get_template("site-index.html.j2").render(pages=pages), encoding="utf-8")
    print(f"{shown(site / 'index.html')}: {len(pages)} page(s)")
    return 0


def _href(sources: list[Path], index: int) -> str:
    return sources[index].stem + ".html" if 0 <= index < len(sources) else ""


def _index_entry(source: Path, notebook, page: Path) -> dict:
    run = notebook.metadata.get("rnnlabs", {}).get("run", {})
    seconds = run.get("wall_time_s")
    return {
        "stem": source.stem,
        "href": page.name,
        "title": _title(notebook) or source.stem,
        "run_time": f"{seconds:.1f} s" if seconds is not None else "not run",
        "failed": run.get("status") == "fail",
    }


def _title(notebook) -> str | None:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            heading = HEADING.search(cell.source)
            if heading:
                return heading.group(1)
    return None


def _copy_plotly(assets: Path) -> Path | None:
    bundles = sorted(PLOTLY_RESOURCES.glob("plotly-*.min.js"))
    if not bundles:
        print(f"note: no plotly.js in {shown(PLOTLY_RESOURCES)}/; pages keep any inline copy")
        return None
    return Path(shutil.copy2(bundles[-1], assets))


def _copy_mathjax(target: Path) -> bool:
    if not (MATHJAX / "MathJax.js").is_file():
        print(f"note: {MATHJAX} is missing (apt package libjs-mathjax; ./course setup installs it): "
              "LaTeX stays as source on the site")
        return False
    for part in MATHJAX_PARTS:
        source, destination = MATHJAX / part, target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    return True


def _link_plotly(html: str, bundle: Path) -> str:
    """Replace each script element that inlines the vendored plotly.js with a reference to the site's copy.

    The setup cell inlines plotly.js once per notebook (possibly wrapped so that it sets window.Plotly even
    where a page defines AMD `define`), so that the executed notebook renders anywhere. Site pages have no
    require.js, so a plain script element sets window.Plotly the same way, and every page shares one cached
    file. A script element holding another version stays inline.
    """
    version = bundle.name.split("-")[-1].removesuffix(".min.js")
    pieces, position = [], 0
    for banner in PLOTLY_BANNER.finditer(html):
        if banner.start() < position or banner.group(1) != version:
            continue
        opening = html.rfind("<script", position, banner.start())
        closing = html.find("</script>", banner.end())
        inside_script = opening >= 0 and closing >= 0 and "</script>" not in html[opening:banner.start()]
        if not inside_script:
            continue
        pieces += [html[position:opening], f'<script src="assets/{bundle.name}"></script>']
        position = closing + len("</script>")
    return "".join(pieces) + html[position:]
