using Plotly.NET;

namespace RnnLabs.Interactive;

/// <summary>
/// Renders a Plotly.NET chart as a <c>div</c> plus a script that calls <c>Plotly.newPlot</c> on the global
/// <c>Plotly</c> that the setup cell's output defines. Unlike Plotly.NET's own HTML there is no CDN and no
/// requirejs, so charts draw offline in VS Code, JupyterLab, executed notebooks and the static site.
/// </summary>
internal static class ChartHtml
{
    /// <summary>How long a chart waits for plotly.js (a page may run scripts before the setup output's).</summary>
    private const int WaitMilliseconds = 10_000;

    private const int PollMilliseconds = 50;

    /// <summary>The chart's HTML fragment.</summary>
    public static string Render(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return Render(GenericChart.toJson(chart), "rnnlabs-chart-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// The HTML fragment for a figure given as Plotly JSON <c>{"data": […], "layout": {…}, "config": {…}}</c>,
    /// drawn into a div with id <paramref name="id"/>.
    /// </summary>
    public static string Render(string figureJson, string id)
    {
        string figure = PlotlyJs.EscapeForScript(figureJson);
        return $$"""
            <div id="{{id}}" class="rnnlabs-chart"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
              var waited = 0;
              function draw() {
                var target = document.getElementById("{{id}}");
                if (target && window.Plotly) {
                  window.Plotly.newPlot(target, figure.data, figure.layout || {}, config);
                } else if ((waited += {{PollMilliseconds}}) < {{WaitMilliseconds}}) {
                  setTimeout(draw, {{PollMilliseconds}});
                } else if (target) {
                  target.textContent = "plotly.js is not loaded: run the notebook's setup cell (Notebook.Setup()) first.";
                }
              }
              draw();
            })();
            </script>
            """;
    }
}
