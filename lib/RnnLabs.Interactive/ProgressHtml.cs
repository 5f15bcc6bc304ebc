using System.Globalization;
using System.Text;
using RnnLabs.Training;

namespace RnnLabs.Interactive;

/// <summary>
/// The HTML of a <see cref="LiveProgress"/> display: a status line, a progress bar when the total is known, and
/// an inline SVG sparkline of the reported losses (log-scaled when they span more than a decade). Plain HTML and
/// SVG, no script: an update is cheap to send and renders anywhere, also in a saved notebook.
/// </summary>
internal static class ProgressHtml
{
    private const int SparkWidth = 360;
    private const int SparkHeight = 56;
    private const int SparkPoints = 300;

    /// <summary>Renders <paramref name="progress"/> with the losses reported so far.</summary>
    public static string Render(TrainingProgress progress, IReadOnlyList<(int Step, double Loss)> losses, bool showChart)
    {
        var sb = new StringBuilder($"<div class=\"rnnlabs-progress\" style=\"{Html.Caption}\">");
        sb.Append("<div>").Append(Html.Encode(StatusLine(progress))).Append("</div>");
        if (progress.TotalSteps is int total && total > 0)
        {
            double percent = Math.Clamp(100.0 * progress.Step / total, 0, 100);
            sb.Append($"<div style=\"width: {SparkWidth}px; height: 6px; margin: 4px 0; background: rgba(128, 128, 128, 0.25); border-radius: 3px;\">")
              .Append($"<div style=\"width: {percent.ToString("0.#", CultureInfo.InvariantCulture)}%; height: 6px; background: {(progress.IsFinal ? "#2ca02c" : "#1f77b4")}; border-radius: 3px;\"></div></div>");
        }

        if (showChart && losses.Count >= 2)
        {
            sb.Append(Sparkline(losses));
        }

        return sb.Append("</div>").ToString();
    }

    /// <summary>
    /// e.g. <c>epoch 2/10 · step 40/200 · loss 0.1234 · val 0.13 · lr 0.01 · 0:05 elapsed · 0:20 left</c>, or
    /// <c>✓ done: 200 steps in 0:25 · loss 0.0123 · val 0.013</c> for the final report.
    /// </summary>
    internal static string StatusLine(TrainingProgress p)
    {
        var inv = CultureInfo.InvariantCulture;
        string val = p.ValidationLoss is double v ? $" · val {Html.Number(v)}" : "";
        if (p.IsFinal)
        {
            return $"✓ done: {p.Step.ToString(inv)} steps, epoch {p.Epoch.ToString(inv)}/{p.Epochs.ToString(inv)}, in {Html.Clock(p.Elapsed)} · loss {Html.Number(p.Loss)}{val}";
        }

        string total = p.TotalSteps is int t ? "/" + t.ToString(inv) : "";
        string eta = p.Eta is TimeSpan e ? $" · {Html.Clock(e)} left" : "";
        return $"epoch {p.Epoch.ToString(inv)}/{p.Epochs.ToString(inv)} · step {p.Step.ToString(inv)}{total} · loss {Html.Number(p.Loss)}{val} · lr {Html.Number(p.LearningRate, 3)} · {Html.Clock(p.Elapsed)} elapsed{eta}";
    }

    /// <summary>An SVG polyline of loss against step, labelled with the first and latest loss.</summary>
    internal static string Sparkline(IReadOnlyList<(int Step, double Loss)> losses)
    {
        var points = losses.Where(p => double.IsFinite(p.Loss)).ToList();
        if (points.Count < 2)
        {
            return "";
        }

        int stride = Math.Max(1, (points.Count + SparkPoints - 1) / SparkPoints);
        points = points.Where((_, i) => i % stride == 0 || i == points.Count - 1).ToList();
        bool log = points.All(p => p.Loss > 0) && points.Max(p => p.Loss) > 10 * points.Min(p => p.Loss);
        double Y(double loss) => log ? Math.Log10(loss) : loss;
        double yMin = points.Min(p => Y(p.Loss)), yMax = points.Max(p => Y(p.Loss));
        double xMin = points[0].Step, xMax = points[^1].Step;
        const double pad = 3;
        string Coordinates((int Step, double Loss) p)
        {
            double x = pad + (SparkWidth - 2 * pad) * (xMax > xMin ? (p.Step - xMin) / (xMax - xMin) : 0);
            double y = pad + (SparkHeight - 2 * pad) * (yMax > yMin ? (yMax - Y(p.Loss)) / (yMax - yMin) : 0.5);
            return string.Create(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#}");
        }

        string polyline = string.Join(" ", points.Select(Coordinates));
        string label = $"loss{(log ? " (log scale)" : "")}: {Html.Number(points[0].Loss)} → {Html.Number(points[^1].Loss)}";
        return $"<svg width=\"{SparkWidth}\" height=\"{SparkHeight}\" style=\"display: block; background: rgba(128, 128, 128, 0.08); border-radius: 3px;\">" +
               $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{polyline}\"/></svg>" +
               $"<div style=\"font-size: 11px; opacity: 0.7;\">{Html.Encode(label)}</div>";
    }
}
