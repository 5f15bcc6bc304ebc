using System.Globalization;

namespace RnnLabs.Training;

/// <summary>
/// A progress report from <see cref="Trainer{T}"/>, sent through <see cref="IProgress{T}"/> every
/// <see cref="TrainerOptions.ReportInterval"/> steps and once more for the last step.
/// </summary>
/// <param name="Epoch">Current 1-based epoch.</param>
/// <param name="Epochs">Configured number of epochs.</param>
/// <param name="Step">Steps done so far.</param>
/// <param name="TotalSteps">
/// Expected number of steps: MaxSteps and/or steps per epoch × epochs, where steps per epoch come from a batch
/// collection's count or from the first epoch; null while unknown.
/// </param>
/// <param name="Loss">Mean training loss of the steps since the previous report.</param>
/// <param name="ValidationLoss">Latest validation loss, or null before the first validation.</param>
/// <param name="LearningRate">Learning rate of the latest step.</param>
/// <param name="Elapsed">Wall time since training started.</param>
/// <param name="Eta">Estimated time left, Elapsed / Step × (TotalSteps − Step), never negative; null while TotalSteps is unknown.</param>
/// <param name="IsFinal">True for the report sent when training ends.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int? TotalSteps,
    double Loss,
    double? ValidationLoss,
    double LearningRate,
    TimeSpan Elapsed,
    TimeSpan? Eta,
    bool IsFinal)
{
    /// <summary>One console line, e.g. <c>epoch 2/10  step 40/200  loss 0.1234  val 0.13  lr 0.01  0:01 elapsed, 0:05 left</c>.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        string total = TotalSteps is int t ? $"/{t}" : "";
        string val = ValidationLoss is double v ? string.Create(inv, $"  val {v:G4}") : "";
        string eta = Eta is TimeSpan e ? $", {Clock(e)} left" : "";
        return string.Create(inv, $"epoch {Epoch}/{Epochs}  step {Step}{total}  loss {Loss:G4}{val}  lr {LearningRate:G4}  {Clock(Elapsed)} elapsed{eta}");
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
