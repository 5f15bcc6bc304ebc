namespace RnnLabs.Optim;

/// <summary>
/// Multiplies the learning rate by γ every <see cref="StepSize"/> steps, as <c>torch.optim.lr_scheduler.StepLR</c>:
/// <code>lr_t = lr₀·γ^⌊t / stepSize⌋</code>
/// </summary>
public sealed record StepDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">lr₀, finite and &gt; 0.</param>
    /// <param name="stepSize">Steps between two decays, &gt; 0.</param>
    /// <param name="gamma">γ, the factor applied at each decay: finite and &gt; 0 (PyTorch's default 0.1).</param>
    public StepDecaySchedule(double baseLearningRate, int stepSize, double gamma = 0.1)
    {
        HyperParameter.Positive(baseLearningRate, nameof(StepDecaySchedule), nameof(baseLearningRate));
        HyperParameter.PositiveCount(stepSize, nameof(StepDecaySchedule), nameof(stepSize));
        HyperParameter.Positive(gamma, nameof(StepDecaySchedule), nameof(gamma));
        BaseLearningRate = baseLearningRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>lr₀.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Steps between two decays.</summary>
    public int StepSize { get; }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        LearningRateScheduleExtensions.CheckStep(step, this);
        return BaseLearningRate * Math.Pow(Gamma, step / StepSize);
    }
}
