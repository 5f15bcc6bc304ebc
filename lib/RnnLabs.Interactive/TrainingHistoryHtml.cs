using System.Globalization;
using RnnLabs.Training;

namespace RnnLabs.Interactive;

/// <summary>A <see cref="TrainingHistory"/> as HTML: its learning curves and a small table of final metrics.</summary>
internal static class TrainingHistoryHtml
{
    /// <summary>Renders <paramref name="history"/>; an empty history gives the table alone.</summary>
    public static string Render(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        string chart = history.Steps.Count > 0 ? ChartHtml.Render(Charts.LossCurves(history)) : "";
        return chart + Html.KeyValueTable(Metrics(history).Select(m => (m.Label, Html.Encode(m.Value))));
    }

    /// <summary>The final metrics as (label, value) rows.</summary>
    internal static IEnumerable<(string Label, string Value)> Metrics(TrainingHistory history)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return ("steps", history.Steps.Count.ToString(inv));
        yield return ("epochs", history.Epochs.Count.ToString(inv));
        if (history.Epochs.Count > 0)
        {
            yield return ("final train loss (epoch mean)", Html.Number(history.Epochs[^1].TrainLoss));
        }

        if (history.Steps.Count > 0)
        {
            var last = history.Steps[^1];
            yield return ("last step loss", Html.Number(last.Loss));
            yield return ("last gradient norm", Html.Number(last.GradNorm));
        }

        if (history.Validations.Count > 0)
        {
            var best = history.Validations.MinBy(v => v.Loss)!;
            yield return ("final validation loss", Html.Number(history.Validations[^1].Loss));
            yield return ("best validation loss", $"{Html.Number(best.Loss)} at step {best.Step.ToString(inv)}");
        }

        yield return ("elapsed", Html.Clock(history.Elapsed));
        if (history.StoppedEarly)
        {
            yield return ("stopped early", history.StopReason ?? "yes");
        }
    }
}
