using System.Numerics;

namespace RnnLabs.Optim;

/// <summary>Connects a schedule to an optimizer.</summary>
public static class LearningRateScheduleExtensions
{
    /// <summary>
    /// Sets the optimizer's learning rate for its next step, <c>schedule.LearningRate(optimizer.StepCount)</c>,
    /// and returns it. Call once before each <see cref="IOptimizer{T}.Step"/>.
    /// </summary>
    public static double ApplyTo<T>(this ILearningRateSchedule schedule, IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(optimizer);
        double lr = schedule.LearningRate(optimizer.StepCount);
        optimizer.LearningRate = lr;
        return lr;
    }

    /// <summary>Throws unless <paramref name="step"/> ≥ 0; shared by the schedules.</summary>
    internal static void CheckStep(int step, ILearningRateSchedule schedule)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"{schedule.GetType().Name} step: expected an index >= 0, got {step}");
        }
    }
}
