namespace RnnLabs.Training;

/// <summary>
/// What a <see cref="Trainer{T}"/> run measured: one row per step, per epoch and per validation run, as
/// (step, value) series ready to plot, and <see cref="ToText"/> for a console learning curve.
/// Callbacks see it growing during training.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<StepRecord> _steps = [];
    private readonly List<EpochRecord> _epochs = [];
    private readonly List<ValidationRecord> _validations = [];

    /// <summary>Every optimizer step, in order.</summary>
    public IReadOnlyList<StepRecord> Steps => _steps;

    /// <summary>Every epoch started, in order (the last one is partial if training stopped inside it).</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Every validation run, in order.</summary>
    public IReadOnlyList<ValidationRecord> Validations => _validations;

    /// <summary>Training loss per step.</summary>
    public (int Step, double Value)[] TrainLoss => _steps.Select(s => (s.Step, s.Loss)).ToArray();

    /// <summary>Global gradient norm per step, before clipping.</summary>
    public (int Step, double Value)[] GradNorm => _steps.Select(s => (s.Step, s.GradNorm)).ToArray();

    /// <summary>Learning rate per step.</summary>
    public (int Step, double Value)[] LearningRate => _steps.Select(s => (s.Step, s.LearningRate)).ToArray();

    /// <summary>Validation loss at the step each validation ran.</summary>
    public (int Step, double Value)[] ValidationLoss => _validations.Select(v => (v.Step, v.Loss)).ToArray();

    /// <summary>Mean training loss per epoch.</summary>
    public (int Epoch, double Value)[] EpochTrainLoss => _epochs.Select(e => (e.Epoch, e.TrainLoss)).ToArray();

    /// <summary>Latest validation loss per epoch, for the epochs that validated.</summary>
    public (int Epoch, double Value)[] EpochValidationLoss =>
        _epochs.Where(e => e.ValidationLoss.HasValue).Select(e => (e.Epoch, e.ValidationLoss!.Value)).ToArray();

    /// <summary>Wall time of the whole run (so far, while it runs).</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>
    /// True when something other than running out of epochs ended training: a callback's stop request (e.g.
    /// <see cref="EarlyStopping{T}"/>), <see cref="TrainerOptions.MaxSteps"/> with batches left, or cancellation.
    /// </summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>Why training stopped early, in words; null when it ran all epochs.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>
    /// A compact learning curve: one row per epoch (at most <paramref name="maxRows"/>, evenly spaced, first and
    /// last always shown) with a log-scaled bar of the training loss, a sparkline of the per-step loss, and a
    /// summary line.
    /// </summary>
    public string ToText(int maxRows = 12)
    {
        Guard.Positive(maxRows, nameof(ToText), nameof(maxRows));
        return LearningCurveText.Format(this, maxRows);
    }

    /// <inheritdoc cref="ToText"/>
    public override string ToString() => ToText();

    internal void Add(StepRecord step) => _steps.Add(step);

    internal void Add(EpochRecord epoch) => _epochs.Add(epoch);

    internal void Add(ValidationRecord validation) => _validations.Add(validation);
}
