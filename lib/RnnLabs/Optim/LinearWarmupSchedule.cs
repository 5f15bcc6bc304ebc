namespace RnnLabs.Optim;

/// <summary>
/// Ramps the learning rate up linearly over W warm-up steps, then hands over to another schedule S:
/// <code>
/// lr_t = S(0)·(t + 1) / W   for t &lt; W
/// lr_t = S(t − W)           for t ≥ W
/// </code>
/// Early on, Adam's second-moment estimate rests on few gradients and its step sizes are erratic; small first
/// steps keep them from throwing the weights far. The ramp starts at S(0)/W rather than 0 so that no step is wasted.
/// </summary>
public sealed record LinearWarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">W, the length of the ramp, &gt; 0.</param>
    /// <param name="after">S, the schedule that takes over at step W (its step 0 is step W here).</param>
    public LinearWarmupSchedule(int warmupSteps, ILearningRateSchedule after)
    {
        HyperParameter.PositiveCount(warmupSteps, nameof(LinearWarmupSchedule), nameof(warmupSteps));
        ArgumentNullException.ThrowIfNull(after);
        WarmupSteps = warmupSteps;
        After = after;
    }

    /// <summary>W.</summary>
    public int WarmupSteps { get; }

    /// <summary>S.</summary>
    public ILearningRateSchedule After { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        LearningRateScheduleExtensions.CheckStep(step, this);
        return step < WarmupSteps
            ? After.LearningRate(0) * (step + 1) / WarmupSteps
            : After.LearningRate(step - WarmupSteps);
    }
}
