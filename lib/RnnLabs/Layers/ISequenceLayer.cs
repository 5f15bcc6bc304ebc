using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// A layer that can take a batch of variable-length, time-major sequences <c>[T, B, F]</c>:
/// <c>lengths[b]</c> ≤ T is the true length of sequence b; steps past it are padding.
/// <c>Sequential</c> passes the lengths on to every layer that implements this.
/// </summary>
public interface ISequenceLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Forward with per-sequence lengths (null: every sequence is full length).</summary>
    Tensor<T> Forward(Tensor<T> input, IReadOnlyList<int>? lengths, bool training = false);
}
