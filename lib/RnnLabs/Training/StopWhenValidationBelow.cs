using System.Globalization;
using System.Numerics;

namespace RnnLabs.Training;

/// <summary>
/// Stops training at the first validation whose loss is at or below <see cref="Target"/>: for experiments that
/// ask "how many updates until the model solves the task?" (e.g. the adding problem's MSE &lt; 0.01).
/// </summary>
public sealed class StopWhenValidationBelow<T> : ITrainerCallback<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the callback.</summary>
    /// <param name="target">The validation loss that counts as solved (finite).</param>
    public StopWhenValidationBelow(double target)
    {
        if (!double.IsFinite(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"{nameof(StopWhenValidationBelow<T>)} target: expected a finite loss, got {target}");
        }

        Target = target;
    }

    /// <summary>The validation loss that counts as solved.</summary>
    public double Target { get; }

    /// <summary>The step at which the target was first reached, or null.</summary>
    public int? ReachedAtStep { get; private set; }

    /// <inheritdoc />
    public void OnValidation(TrainerContext<T> context)
    {
        var (step, loss) = context.History.ValidationLoss[^1];
        if (ReachedAtStep is null && loss <= Target)
        {
            ReachedAtStep = step;
            context.RequestStop(string.Create(CultureInfo.InvariantCulture, $"validation loss {loss:G4} ≤ target {Target:G4} at step {step}"));
        }
    }
}
