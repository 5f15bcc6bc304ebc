using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Losses;

/// <summary>A scalar loss and its gradient with respect to the prediction.</summary>
/// <param name="Value">The loss L (a mean over the counted elements).</param>
/// <param name="Gradient">∂L/∂prediction, same shape as the prediction.</param>
public sealed record LossResult<T>(double Value, Tensor<T> Gradient) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>A loss function: forward and backward in one call, since the gradient is always wanted in training.</summary>
public interface ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Computes the loss of <paramref name="prediction"/> against <paramref name="target"/>. Elements whose
    /// <paramref name="mask"/> is 0 (padding) are left out of both the mean and the gradient.
    /// </summary>
    LossResult<T> Compute(Tensor<T> prediction, Tensor<T> target, Tensor<T>? mask = null);
}
