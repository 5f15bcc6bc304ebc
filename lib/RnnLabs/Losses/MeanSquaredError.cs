using System.Numerics;

namespace RnnLabs.Losses;

/// <summary>
/// Mean squared error, as PyTorch's <c>nn.MSELoss</c> (mean reduction) over the counted elements:
/// <code>
/// ℓ(p, y) = (p − y)²      ℓ′(p, y) = 2(p − y)
/// </code>
/// </summary>
public sealed class MeanSquaredError<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void ElementLosses(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> losses)
    {
        TensorPrimitives.Subtract(prediction, target, losses);
        TensorPrimitives.Multiply(losses, losses, losses);
    }

    /// <inheritdoc />
    protected override void ElementGradients(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> gradients)
    {
        TensorPrimitives.Subtract(prediction, target, gradients);
        TensorPrimitives.Multiply(gradients, T.CreateChecked(2), gradients);
    }
}
