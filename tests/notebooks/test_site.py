"""The site shares one plotly.js file instead of the copy each executed notebook inlines, and loads nothing remote."""

import tempfile
import unittest
from pathlib import Path

from course.browser_check import REMOTE
from course.site import _link_plotly

BUNDLE = Path(tempfile.gettempdir()) / "plotly-cartesian-2.30.1.min.js"
LIBRARY = "/**\n* plotly.js (cartesian - minified) v2.30.1\n* Copyright 2012-2024, Plotly, Inc.\n*/\n!function(){}();"


class LinkPlotly(unittest.TestCase):
    def test_inline_copy_of_the_vendored_version_becomes_a_reference(self):
        html = f'<p>a</p><script type="text/javascript">{LIBRARY}</script><script>Plotly.newPlot("c", [])</script>'
        self.assertEqual(_link_plotly(html, BUNDLE), '<p>a</p><script src="assets/plotly-cartesian-2.30.1.min.js">'
                                                     '</script><script>Plotly.newPlot("c", [])</script>')

    def test_copy_wrapped_to_shadow_amd_define_becomes_a_reference(self):
        html = (f'<script type="text/javascript">\nif (typeof window.Plotly === "undefined") {{\n'
                f'(function (define, module, exports, require) {{\n{LIBRARY}\n}}).call(window);\n}}\n</script><p>b</p>')
        self.assertEqual(_link_plotly(html, BUNDLE), '<script src="assets/plotly-cartesian-2.30.1.min.js"></script><p>b</p>')

    def test_other_version_stays_inline(self):
        html = f"<script>{LIBRARY.replace('2.30.1', '2.35.0')}</script>"
        self.assertEqual(_link_plotly(html, BUNDLE), html)

    def test_banner_outside_a_script_stays(self):
        html = f"<script>var a = 1;</script><pre>{LIBRARY}</pre><script>var b = 2;</script>"
        self.assertEqual(_link_plotly(html, BUNDLE), html)


class RemoteReferences(unittest.TestCase):
    def test_scripts_and_stylesheets_from_other_hosts_are_found_and_local_ones_are_not(self):
        html = ('<script src="https://cdn.example/require.js"></script><link rel="stylesheet" href="//cdn.example/a.css">'
                '<script src="assets/plotly.js"></script><a href="https://pytorch.org">docs</a>')
        self.assertEqual(len(REMOTE.findall(html)), 2)


if __name__ == "__main__":
    unittest.main()
