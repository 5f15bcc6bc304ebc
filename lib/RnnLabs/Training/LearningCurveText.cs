using System.Globalization;
using System.Text;

namespace RnnLabs.Training;

/// <summary>
/// Renders a <see cref="TrainingHistory"/> as plain text for a console. Bars and sparkline are log-scaled
/// between the smallest and largest loss, because losses fall by orders of magnitude and a linear bar would
/// flatten every epoch after the first few.
/// </summary>
internal static class LearningCurveText
{
    private const int BarWidth = 24;
    private const int SparklineWidth = 48;
    private const string Levels = "▁▂▃▄▅▆▇█";

    public static string Format(TrainingHistory history, int maxRows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var epochs = history.Epochs;
        if (epochs.Count == 0)
        {
            sb.Append(inv, $"no steps run{Ending(history)}");
            return sb.ToString();
        }

        var scale = LogScale.Over(epochs.Select(e => e.TrainLoss));
        sb.AppendLine(inv, $"{"epoch",5} {"step",7} {"train loss",11} {"val loss",11}  train loss (log scale)");
        foreach (int i in Rows(epochs.Count, maxRows))
        {
            var e = epochs[i];
            string val = e.ValidationLoss is double v ? v.ToString("G4", inv) : "-";
            int bar = (int)Math.Round(1 + (BarWidth - 1) * scale.Position(e.TrainLoss));
            sb.AppendLine(inv, $"{e.Epoch,5} {e.LastStep,7} {e.TrainLoss.ToString("G4", inv),11} {val,11}  {new string('█', bar)}");
        }

        var losses = history.Steps.Select(s => s.Loss).ToArray();
        sb.AppendLine(inv, $"per step {Sparkline(losses)}  {losses[0].ToString("G4", inv)} → {losses[^1].ToString("G4", inv)}");
        sb.Append(inv, $"{history.Steps.Count} steps, {epochs.Count} epochs, {history.Elapsed.TotalSeconds:F2} s{Ending(history)}");
        return sb.ToString();
    }

    private static string Ending(TrainingHistory history) =>
        history.StoppedEarly ? $"; stopped early: {history.StopReason}" : "";

    /// <summary>Indices 0..count−1, thinned evenly to at most <paramref name="maxRows"/>, keeping the first and last.</summary>
    private static IEnumerable<int> Rows(int count, int maxRows)
    {
        if (count <= maxRows)
        {
            return Enumerable.Range(0, count);
        }

        return maxRows == 1
            ? [count - 1]
            : Enumerable.Range(0, maxRows).Select(k => (int)Math.Round(k * (count - 1) / (double)(maxRows - 1))).Distinct();
    }

    /// <summary>One character per bucket of consecutive steps (bucket mean), at most <see cref="SparklineWidth"/> wide.</summary>
    private static string Sparkline(double[] losses)
    {
        int width = Math.Min(SparklineWidth, losses.Length);
        var means = new double[width];
        for (int k = 0; k < width; k++)
        {
            int from = (int)((long)k * losses.Length / width);
            int to = (int)((long)(k + 1) * losses.Length / width);
            means[k] = losses[from..to].Average();
        }

        var scale = LogScale.Over(means);
        var chars = means.Select(m => Levels[(int)Math.Round((Levels.Length - 1) * scale.Position(m))]);
        return string.Concat(chars);
    }

    /// <summary>Maps a value to [0, 1] between the smallest and largest finite value, logarithmically when all are positive.</summary>
    private readonly record struct LogScale(double Low, double High, bool Log)
    {
        public static LogScale Over(IEnumerable<double> values)
        {
            var finite = values.Where(double.IsFinite).ToArray();
            if (finite.Length == 0)
            {
                return new LogScale(0, 0, false);
            }

            bool log = finite.All(v => v > 0);
            var mapped = log ? finite.Select(v => Math.Log(v)).ToArray() : finite;
            return new LogScale(mapped.Min(), mapped.Max(), log);
        }

        public double Position(double value)
        {
            if (!double.IsFinite(value) || High <= Low)
            {
                return double.IsNaN(value) ? 0 : 1;
            }

            double x = Log ? Math.Log(value) : value;
            return Math.Clamp((x - Low) / (High - Low), 0, 1);
        }
    }
}
