"""The site shares one plotly.js file instead of the copy each executed notebook inlines."""

import tempfile
import unittest
from pathlib import Path

from course.site import _link_plotly

BUNDLE = Path(tempfile.gettempdir()) / "plotly-cartesian-2.30.1.min.js"
LIBRARY = "/**\n* plotly.js (cartesian - minified) v2.30.1\n* Copyright 2012-2024, Plotly, Inc.\n*/\n!function(){}();"


class LinkPlotly(unittest.TestCase):
    def test_inline_copy_of_the_vendored_version_becomes_a_reference(self):
        html = f'<p>a</p><script type="text/javascript">{LIBRARY}</script><script>Plotly.newPlot("c", [])</script>'
        self.assertEqual(_link_plotly(html, BUNDLE), '<p>a</p><script src="assets/plotly-cartesian-2.30.1.min.js">'
                                                     '</script><script>Plotly.newPlot("c", [])</script>')

    def test_other_version_stays_inline(self):
        html = f"<script>{LIBRARY.replace('2.30.1', '2.35.0')}</script>"
        self.assertEqual(_link_plotly(html, BUNDLE), html)

    def test_banner_outside_a_script_stays(self):
        html = f"<pre>{LIBRARY}</pre>"
        self.assertEqual(_link_plotly(html, BUNDLE), html)


if __name__ == "__main__":
    unittest.main()
