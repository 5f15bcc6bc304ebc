using System.Numerics;

namespace RnnLabs.Losses;

/// <summary>
/// Binary cross-entropy on logits z (before the sigmoid), as PyTorch's <c>nn.BCEWithLogitsLoss</c>,
/// with targets y in [0, 1] (hard labels or probabilities), averaged over the counted elements:
/// <code>
/// ℓ(z, y) = −y·log σ(z) − (1 − y)·log(1 − σ(z)) = max(z, 0) − z·y + log(1 + exp(−|z|))
/// ℓ′(z, y) = σ(z) − y
/// </code>
/// The right-hand form never evaluates exp of a positive number nor log of 0, so it is finite for any
/// finite z; the left-hand form gives log 0 = −∞ once σ(z) rounds to 1 (z ≳ 37 in double, 17 in float).
/// </summary>
public sealed class BinaryCrossEntropyWithLogits<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override bool IsValidTarget(T target) => target >= T.Zero && target <= T.One;

    /// <inheritdoc />
    protected override string ValidTargets => "values in [0, 1]";

    /// <inheritdoc />
    protected override void ElementLosses(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> losses)
    {
        TensorPrimitives.Abs(prediction, losses);
        TensorPrimitives.Negate(losses, losses);
        TensorPrimitives.Exp(losses, losses);
        TensorPrimitives.LogP1(losses, losses);
        for (int i = 0; i < losses.Length; i++)
        {
            T z = prediction[i];
            losses[i] += T.Max(z, T.Zero) - z * target[i];
        }
    }

    /// <inheritdoc />
    protected override void ElementGradients(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> gradients)
    {
        TensorPrimitives.Sigmoid(prediction, gradients);
        TensorPrimitives.Subtract(gradients, target, gradients);
    }
}
