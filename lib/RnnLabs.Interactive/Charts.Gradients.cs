using System.Globalization;
using Plotly.NET;
using RnnLabs.Diagnostics;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace RnnLabs.Interactive;

public static partial class Charts
{
    /// <summary>
    /// ‖∂L/∂h_t‖₂ against the time step t on a log axis, one line per named series. A line that falls off
    /// geometrically away from the loss is a vanishing gradient; one that grows is exploding.
    /// </summary>
    /// <param name="series">Name and norms per time step t = 0 … T−1, e.g. <c>("LSTM", lstm.HiddenGradientNorms!.Top)</c> or a double[].</param>
    /// <exception cref="ArgumentException">No series, or an empty one.</exception>
    public static GenericChart GradientNormsOverTime(params (string Name, IReadOnlyList<double> Norms)[] series) =>
        GradientNormsOverTime("Gradient norm by time step", series);

    /// <summary>‖∂L/∂h_t‖₂ against the time step t on a log axis, one line per named series, with a title.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="series">Name and norms per time step t = 0 … T−1.</param>
    public static GenericChart GradientNormsOverTime(string title, params (string Name, IReadOnlyList<double> Norms)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        RequireSome(series.Length, nameof(GradientNormsOverTime), nameof(series));
        var lines = series.Select((s, k) =>
        {
            ArgumentNullException.ThrowIfNull(s.Norms, $"{nameof(series)}[{k}].Norms");
            RequireSome(s.Norms.Count, nameof(GradientNormsOverTime), $"{nameof(series)}[{k}].Norms");
            return Line(s.Name, ChartStyle.Indices(s.Norms.Count), s.Norms, markers: s.Norms.Count <= 60);
        });
        return ChartStyle.Apply(PlotlyChart.Combine(lines), title, "time step t", "‖∂L/∂hₜ‖₂ (log)", logY: true);
    }

    /// <summary>
    /// ‖∂L/∂h_t‖₂ against t for every layer and direction of a sequence layer's latest backward pass
    /// (<c>layer.HiddenGradientNorms</c>), on a log axis.
    /// </summary>
    /// <param name="norms">The recorded norms.</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart GradientNormsOverTime(HiddenGradientNorms norms, string title = "Gradient norm by time step")
    {
        ArgumentNullException.ThrowIfNull(norms);
        var series = new List<(string, IReadOnlyList<double>)>();
        for (int layer = 0; layer < norms.NumLayers; layer++)
        {
            for (int direction = 0; direction < norms.NumDirections; direction++)
            {
                string name = norms.NumDirections == 1 ? $"layer {layer}" : $"layer {layer} {(direction == 0 ? "→" : "←")}";
                series.Add((name, norms[layer, direction]));
            }
        }

        return GradientNormsOverTime(title, series.ToArray());
    }

    /// <summary>
    /// How ‖∂L/∂h_t‖₂ evolves during training: time step t across, recorded training step down, colour
    /// log₁₀ of the norm (a norm of 0 is left blank). Vanishing gradients show as a dark band far from the loss.
    /// </summary>
    /// <param name="normsPerRecordedStep">One row per recorded training step: the norms for t = 0 … T−1 (equal lengths).</param>
    /// <param name="trainingSteps">The training step of each row; null: 0, 1, 2, …</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">No rows, rows of different lengths, or step labels that do not match the rows.</exception>
    public static GenericChart GradientNormHeatmap(
        double[][] normsPerRecordedStep, IReadOnlyList<int>? trainingSteps = null, string title = "Gradient norm over training")
    {
        ArgumentNullException.ThrowIfNull(normsPerRecordedStep);
        RequireSome(normsPerRecordedStep.Length, nameof(GradientNormHeatmap), nameof(normsPerRecordedStep));
        int steps = normsPerRecordedStep[0]?.Length ?? 0;
        for (int r = 0; r < normsPerRecordedStep.Length; r++)
        {
            if (normsPerRecordedStep[r] is not { } row || row.Length != steps || steps == 0)
            {
                throw new ArgumentException(
                    $"Charts.GradientNormHeatmap normsPerRecordedStep[{r}]: expected {Math.Max(steps, 1)} norms like row 0, got {normsPerRecordedStep[r]?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}",
                    nameof(normsPerRecordedStep));
            }
        }

        if (trainingSteps is not null && trainingSteps.Count != normsPerRecordedStep.Length)
        {
            throw new ArgumentException(
                $"Charts.GradientNormHeatmap trainingSteps: expected {normsPerRecordedStep.Length} (one per row), got {trainingSteps.Count}",
                nameof(trainingSteps));
        }

        var log = normsPerRecordedStep.Select(row => row.Select(n => n > 0 ? ChartStyle.Round(Math.Log10(n)) : double.NaN).ToArray()).ToArray();
        var finite = log.SelectMany(row => row).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        int low = (int)Math.Floor(finite.Min()), high = (int)Math.Ceiling(finite.Max());
        int every = Math.Max(1, (high - low + 8) / 8);
        var ticks = Enumerable.Range(low, high - low + 1).Where(k => (high - k) % every == 0).ToArray();
        var colorBar = new ColorBar();
        colorBar.SetProperty("title", new Dictionary<string, object> { ["text"] = "‖∂L/∂hₜ‖", ["side"] = "right" });
        colorBar.SetProperty("tickvals", ticks);
        colorBar.SetProperty("ticktext", ticks.Select(k => k == 0 ? "1" : $"1e{k}").ToArray());
        var rows = trainingSteps ?? Enumerable.Range(0, normsPerRecordedStep.Length).ToArray();
        var chart = PlotlyChart.Heatmap<double, int, int, string>(
            log,
            X: Enumerable.Range(0, steps).ToArray(),
            Y: rows.ToArray(),
            ColorBar: colorBar,
            ColorScale: StyleParam.Colorscale.Viridis,
            UseDefaults: false);
        return ChartStyle.Apply(chart, title, "time step t", "training step", height: 420);
    }
}
