using System.Numerics;

namespace RnnLabs.Losses;

/// <summary>
/// Mean absolute error, as PyTorch's <c>nn.L1Loss</c> (mean reduction) over the counted elements:
/// <code>
/// ℓ(p, y) = |p − y|      ℓ′(p, y) = sign(p − y), with the subgradient 0 at p = y
/// </code>
/// </summary>
public sealed class MeanAbsoluteError<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void ElementLosses(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> losses)
    {
        TensorPrimitives.Subtract(prediction, target, losses);
        TensorPrimitives.Abs(losses, losses);
    }

    /// <inheritdoc />
    protected override void ElementGradients(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> gradients)
    {
        for (int i = 0; i < gradients.Length; i++)
        {
            // 0 at a tie is PyTorch's choice too: any value in [−1, 1] is a valid subgradient there.
            // Comparisons rather than T.Sign, which throws on the NaN a masked-out target may produce.
            T d = prediction[i] - target[i];
            gradients[i] = d > T.Zero ? T.One : d < T.Zero ? -T.One : T.Zero;
        }
    }
}
