using Plotly.NET;
using RnnLabs.Training;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace RnnLabs.Interactive;

public static partial class Charts
{
    /// <summary>
    /// Learning curves of a <see cref="TrainingHistory"/>: the training loss of every step (faint), its
    /// exponential moving average (the trend through the minibatch noise), and the validation loss where it was
    /// measured, all against the optimizer step.
    /// </summary>
    /// <param name="history">What <c>Trainer.Fit</c> returned.</param>
    /// <param name="smoothing">
    /// EMA weight β in [0, 1): s_k = β·s_{k−1} + (1 − β)·L_k, divided by (1 − β^k) so the start is not pulled to 0.
    /// 0 turns smoothing off.
    /// </param>
    /// <param name="logY">Log-scale loss axis, for losses that fall over decades.</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">The history has no steps, or <paramref name="smoothing"/> is outside [0, 1).</exception>
    public static GenericChart LossCurves(TrainingHistory history, double smoothing = 0.9, bool logY = false, string title = "Loss")
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!(smoothing >= 0 && smoothing < 1))
        {
            throw new ArgumentException($"Charts.LossCurves smoothing: expected a value in [0, 1), got {smoothing}", nameof(smoothing));
        }

        if (history.Steps.Count == 0)
        {
            throw new ArgumentException("Charts.LossCurves history: expected at least one training step, got none", nameof(history));
        }

        const string trainColor = "#1f77b4";
        double[] steps = history.Steps.Select(s => (double)s.Step).ToArray();
        double[] loss = history.Steps.Select(s => s.Loss).ToArray();
        var traces = new List<GenericChart>();
        if (smoothing > 0)
        {
            traces.Add(Line("train (per step)", steps, loss, color: trainColor, width: 1, opacity: 0.3));
            traces.Add(Line("train (smoothed)", steps, Smooth(loss, smoothing), color: trainColor, width: 2));
        }
        else
        {
            traces.Add(Line("train", steps, loss, color: trainColor, width: 1.5));
        }

        if (history.Validations.Count > 0)
        {
            traces.Add(Line(
                "validation",
                history.Validations.Select(v => (double)v.Step).ToArray(),
                history.Validations.Select(v => v.Loss).ToArray(),
                color: "#d62728", width: 2, markers: true));
        }

        return ChartStyle.Apply(PlotlyChart.Combine(traces), title, "step", logY ? "loss (log)" : "loss", logY);
    }

    /// <summary>Bias-corrected exponential moving average (as TensorBoard's smoothing); non-finite values are carried, not averaged in.</summary>
    internal static double[] Smooth(IReadOnlyList<double> values, double beta)
    {
        var smoothed = new double[values.Count];
        double average = 0, weight = 0;
        for (int k = 0; k < values.Count; k++)
        {
            if (double.IsFinite(values[k]))
            {
                average = beta * average + (1 - beta) * values[k];
                weight = beta * weight + (1 - beta);
            }

            smoothed[k] = weight > 0 ? average / weight : values[k];
        }

        return smoothed;
    }
}
