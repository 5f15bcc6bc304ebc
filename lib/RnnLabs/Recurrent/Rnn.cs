using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// A stack of Elman RNN layers, as PyTorch's <c>nn.RNN</c>: each (layer, direction) runs an <see cref="RnnCell{T}"/>,
/// h_t = φ(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) with φ = <see cref="RecurrentOptions.Nonlinearity"/>.
/// </summary>
public sealed class Rnn<T> : RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with PyTorch's default init U(−1/√H, 1/√H) drawn from <paramref name="rng"/>.</summary>
    public Rnn(RecurrentOptions options, Rng rng)
        : base("Rnn", options, rng, (inputSize, suffix) =>
            new RnnCell<T>(inputSize, options.HiddenSize, rng, options.Nonlinearity, suffix))
    {
    }
}
