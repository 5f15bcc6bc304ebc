namespace RnnLabs.Optim;

/// <summary>The same learning rate at every step: lr_t = lr₀.</summary>
public sealed record ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">lr₀, finite and &gt; 0.</param>
    public ConstantSchedule(double baseLearningRate)
    {
        HyperParameter.Positive(baseLearningRate, nameof(ConstantSchedule), nameof(baseLearningRate));
        BaseLearningRate = baseLearningRate;
    }

    /// <summary>lr₀.</summary>
    public double BaseLearningRate { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        LearningRateScheduleExtensions.CheckStep(step, this);
        return BaseLearningRate;
    }
}
