using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace RnnLabs.Interactive;

/// <summary>
/// The course's charts, built with Plotly.NET.CSharp. Each returns a Plotly.NET <see cref="GenericChart"/>: as a
/// cell's value (or through <c>display(chart)</c>) it is drawn by the formatter <see cref="Notebook.Setup"/>
/// registers, offline, with the notebook's single copy of plotly.js. Restyle with Plotly.NET's own API if needed.
/// </summary>
public static partial class Charts
{
    /// <summary>
    /// Line chart of named (x, y) series: the general-purpose chart for notebooks.
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">x-axis label.</param>
    /// <param name="yLabel">y-axis label.</param>
    /// <param name="logY">Log-scale y axis (values ≤ 0 are not drawn).</param>
    /// <param name="series">Name, x and y of each line; x and y have equal length.</param>
    /// <exception cref="ArgumentException">No series, or a series whose x and y lengths differ.</exception>
    public static GenericChart Lines(string title, string xLabel, string yLabel, bool logY, params (string Name, double[] X, double[] Y)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RequireSome(series.Length, nameof(Lines), nameof(series));
        var lines = series.Select((s, k) =>
        {
            ArgumentNullException.ThrowIfNull(s.X, $"{nameof(series)}[{k}].X");
            ArgumentNullException.ThrowIfNull(s.Y, $"{nameof(series)}[{k}].Y");
            if (s.X.Length != s.Y.Length)
            {
                throw new ArgumentException(
                    $"Charts.Lines series '{s.Name}': expected x and y of equal length, got {s.X.Length} and {s.Y.Length}", nameof(series));
            }

            return Line(s.Name, s.X, s.Y);
        });
        return ChartStyle.Apply(PlotlyChart.Combine(lines), title, xLabel, yLabel, logY);
    }

    /// <summary>
    /// A model's predictions drawn over the true values, e.g. a forecast against the series or the outputs of a
    /// regression per test example.
    /// </summary>
    /// <param name="truth">True values.</param>
    /// <param name="predicted">Predictions, one per true value.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="x">Positions (e.g. time steps); null: 0, 1, 2, …</param>
    /// <param name="xLabel">x-axis label.</param>
    /// <exception cref="ArgumentException">Lengths differ, or no values.</exception>
    public static GenericChart PredictionsVsTruth(
        double[] truth, double[] predicted, string title = "Predictions vs truth", double[]? x = null, string xLabel = "t")
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        RequireSome(truth.Length, nameof(PredictionsVsTruth), nameof(truth));
        if (predicted.Length != truth.Length || (x is not null && x.Length != truth.Length))
        {
            throw new ArgumentException(
                $"Charts.PredictionsVsTruth: expected predicted{(x is null ? "" : " and x")} of length {truth.Length} (truth), got {predicted.Length}{(x is null ? "" : $" and {x.Length}")}",
                nameof(predicted));
        }

        x ??= ChartStyle.Indices(truth.Length);
        var chart = PlotlyChart.Combine(
        [
            Line("truth", x, truth, color: "#333333", width: 2),
            Line("predicted", x, predicted, color: "#ff7f0e", width: 2, dash: StyleParam.DrawingStyle.Dash),
        ]);
        return ChartStyle.Apply(chart, title, xLabel, "value");
    }

    /// <summary>One line trace, thinned and rounded (see <see cref="ChartStyle.Thin"/>).</summary>
    internal static GenericChart Line(
        string name, IReadOnlyList<double> x, IReadOnlyList<double> y, string? color = null, double width = 1.5,
        StyleParam.DrawingStyle? dash = null, double opacity = 1, bool markers = false)
    {
        var (xs, ys) = ChartStyle.Thin(x, y);
        Optional<Color> lineColor = default;
        Optional<StyleParam.DrawingStyle> lineDash = default;
        if (color is not null)
        {
            lineColor = Color.fromHex(color);
        }

        if (dash is not null)
        {
            lineDash = dash;
        }

        return PlotlyChart.Line<double, double, string>(
            xs, ys,
            Name: name,
            ShowMarkers: markers,
            Opacity: opacity,
            LineColor: lineColor,
            LineWidth: width,
            LineDash: lineDash,
            UseDefaults: false);
    }

    private static void RequireSome(int count, string chart, string argument)
    {
        if (count == 0)
        {
            throw new ArgumentException($"Charts.{chart} {argument}: expected at least one value, got none", argument);
        }
    }
}
