namespace RnnLabs.Optim;

/// <summary>
/// A learning rate as a function of the step index. Call <see cref="LearningRateScheduleExtensions.ApplyTo{T}"/>
/// before each <see cref="IOptimizer{T}.Step"/> so the update with index <see cref="IOptimizer{T}.StepCount"/>
/// uses <c>LearningRate(StepCount)</c>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate of the update with 0-based index <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    double LearningRate(int step);
}
