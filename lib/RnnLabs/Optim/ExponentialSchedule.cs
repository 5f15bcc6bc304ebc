namespace RnnLabs.Optim;

/// <summary>
/// Multiplies the learning rate by γ every step, as <c>torch.optim.lr_scheduler.ExponentialLR</c>:
/// <code>lr_t = lr₀·γᵗ</code>
/// </summary>
public sealed record ExponentialSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">lr₀, finite and &gt; 0.</param>
    /// <param name="gamma">γ, the per-step factor: finite and &gt; 0.</param>
    public ExponentialSchedule(double baseLearningRate, double gamma)
    {
        HyperParameter.Positive(baseLearningRate, nameof(ExponentialSchedule), nameof(baseLearningRate));
        HyperParameter.Positive(gamma, nameof(ExponentialSchedule), nameof(gamma));
        BaseLearningRate = baseLearningRate;
        Gamma = gamma;
    }

    /// <summary>lr₀.</summary>
    public double BaseLearningRate { get; }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        LearningRateScheduleExtensions.CheckStep(step, this);
        return BaseLearningRate * Math.Pow(Gamma, step);
    }
}
