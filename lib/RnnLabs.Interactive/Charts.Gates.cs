using Plotly.NET;
using RnnLabs.Diagnostics;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace RnnLabs.Interactive;

public static partial class Charts
{
    /// <summary>
    /// Per gate of an LSTM (i, f, g, o) or GRU (r, z, n): its mean activation and the fraction of activations in
    /// the flat tails (σ &lt; 0.05 or &gt; 0.95, |tanh| &gt; 0.95), as grouped bars. A gate that is mostly
    /// saturated passes almost no gradient.
    /// </summary>
    /// <param name="statistics">From <see cref="GateStatistics.Compute{T}"/>.</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">No statistics.</exception>
    public static GenericChart GateActivations(IReadOnlyList<GateStatistic> statistics, string title = "Gate activations")
    {
        ArgumentNullException.ThrowIfNull(statistics);
        RequireSome(statistics.Count, nameof(GateActivations), nameof(statistics));
        string[] gates = statistics.Select(s => $"{s.Gate} ({(s.Activation == "tanh" ? "tanh" : "σ")})").ToArray();
        var chart = PlotlyChart.Combine(
        [
            PlotlyChart.Column<double, string, string>(
                statistics.Select(s => ChartStyle.Round(s.Mean)).ToArray(), Keys: gates, Name: "mean activation",
                MarkerColor: Color.fromHex("#1f77b4"), UseDefaults: false),
            PlotlyChart.Column<double, string, string>(
                statistics.Select(s => ChartStyle.Round(s.SaturatedFraction)).ToArray(), Keys: gates, Name: "saturated fraction",
                MarkerColor: Color.fromHex("#d62728"), UseDefaults: false),
        ]);
        return ChartStyle.Apply(chart, title, "gate", "value", width: 560);
    }

    /// <summary>
    /// Gate activations over time or training, one line per gate, e.g. the mean forget gate per training step.
    /// </summary>
    /// <param name="series">Gate name and its values at x = 0, 1, 2, …</param>
    /// <exception cref="ArgumentException">No series, or an empty one.</exception>
    public static GenericChart GateActivations(params (string Gate, IReadOnlyList<double> Values)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RequireSome(series.Length, nameof(GateActivations), nameof(series));
        var lines = series.Select((s, k) =>
        {
            ArgumentNullException.ThrowIfNull(s.Values, $"{nameof(series)}[{k}].Values");
            RequireSome(s.Values.Count, nameof(GateActivations), $"{nameof(series)}[{k}].Values");
            return Line(s.Gate, ChartStyle.Indices(s.Values.Count), s.Values);
        });
        return ChartStyle.Apply(PlotlyChart.Combine(lines), "Gate activations", "step", "mean activation");
    }
}
