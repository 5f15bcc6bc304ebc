namespace RnnLabs.Training;

/// <summary>
/// Turns the trainer's steps into <see cref="TrainingProgress"/> reports: one every <c>interval</c> steps, plus a
/// final one (which may repeat the last reported step, flagged <see cref="TrainingProgress.IsFinal"/>, so a
/// live display always learns that training ended).
/// </summary>
internal sealed class ProgressReporter(IProgress<TrainingProgress>? progress, TrainerOptions options)
{
    private double _lossSum;
    private int _lossCount;
    private double _lastLoss = double.NaN;
    private int? _stepsPerEpoch;

    /// <summary>Records the steps per epoch once known (from a collection's count or a finished first epoch).</summary>
    public void KnowStepsPerEpoch(int steps)
    {
        if (steps > 0)
        {
            _stepsPerEpoch ??= steps;
        }
    }

    /// <summary>Expected total steps: steps per epoch × epochs, capped by MaxSteps; MaxSteps alone while steps per epoch are unknown.</summary>
    public int? TotalSteps =>
        _stepsPerEpoch is int perEpoch
            ? (int)Math.Min((long)perEpoch * options.Epochs, options.MaxSteps ?? int.MaxValue)
            : options.MaxSteps;

    /// <summary>Accumulates the step's loss and reports when the step is a multiple of the interval.</summary>
    public void OnStep(int epoch, int step, double loss, double? validationLoss, double learningRate, TimeSpan elapsed)
    {
        _lossSum += loss;
        _lossCount++;
        if (step % options.ReportInterval == 0)
        {
            Report(epoch, step, validationLoss, learningRate, elapsed, TotalSteps, isFinal: false);
        }
    }

    /// <summary>Sends the final report (nothing when no step ran).</summary>
    public void Finish(int epoch, int step, double? validationLoss, double learningRate, TimeSpan elapsed)
    {
        if (step > 0)
        {
            Report(epoch, step, validationLoss, learningRate, elapsed, step, isFinal: true);
        }
    }

    private void Report(int epoch, int step, double? validationLoss, double learningRate, TimeSpan elapsed, int? total, bool isFinal)
    {
        if (progress is null)
        {
            return;
        }

        // A final report right after an interval report has no new steps: it repeats the last mean.
        double loss = _lossCount > 0 ? _lossSum / _lossCount : _lastLoss;
        TimeSpan? eta = total is int t && step > 0
            ? TimeSpan.FromTicks(Math.Max(0, (long)(elapsed.Ticks * ((double)(t - step) / step))))
            : null;
        progress.Report(new TrainingProgress(epoch, options.Epochs, step, total, loss, validationLoss, learningRate, elapsed, eta, isFinal));
        _lastLoss = loss;
        _lossSum = 0;
        _lossCount = 0;
    }
}
