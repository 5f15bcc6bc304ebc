namespace RnnLabs.Training;

/// <summary>
/// How long and how the <see cref="Trainer{T}"/> trains. Every value is checked when set, so a bad option fails
/// where it is written, not epochs later.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Number of passes over the training batches (≥ 1).</summary>
    public int Epochs
    {
        get;
        init
        {
            Guard.Positive(value, nameof(TrainerOptions), nameof(Epochs));
            field = value;
        }
    } = 1;

    /// <summary>Stop after this many optimizer steps even if epochs remain (null: no limit).</summary>
    public int? MaxSteps
    {
        get;
        init
        {
            if (value is int v)
            {
                Guard.Positive(v, nameof(TrainerOptions), nameof(MaxSteps));
            }

            field = value;
        }
    }

    /// <summary>
    /// Clip by global norm: when ‖g‖ = √(Σ_p ‖g_p‖²) exceeds this, every gradient is scaled by ClipNorm / (‖g‖ + 10⁻⁶), as PyTorch's clip_grad_norm_ does,
    /// before the update (null: no clipping). The history records ‖g‖ before clipping.
    /// </summary>
    public double? ClipNorm
    {
        get;
        init
        {
            if (value is double v)
            {
                if (!double.IsFinite(v) || v <= 0)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(ClipNorm), v, $"{nameof(TrainerOptions)} {nameof(ClipNorm)}: expected a finite value > 0, got {v}");
                }
            }

            field = value;
        }
    }

    /// <summary>
    /// Learning rate per step, called before every update with the number of updates the optimizer has already
    /// done (<see cref="RnnLabs.Optim.IOptimizer{T}.StepCount"/>, 0 for the first), so any schedule binds as a
    /// method group and a second <c>Fit</c> continues where the first left off. Null keeps the optimizer's rate.
    /// </summary>
    public Func<int, double>? LearningRateSchedule { get; init; }

    /// <summary>Validate every this many steps (null: once at the end of every epoch).</summary>
    public int? ValidateEverySteps
    {
        get;
        init
        {
            if (value is int v)
            {
                Guard.Positive(v, nameof(TrainerOptions), nameof(ValidateEverySteps));
            }

            field = value;
        }
    }

    /// <summary>Send a <see cref="TrainingProgress"/> every this many steps, plus one for the last step.</summary>
    public int ReportInterval
    {
        get;
        init
        {
            Guard.Positive(value, nameof(TrainerOptions), nameof(ReportInterval));
            field = value;
        }
    } = 10;
}
