using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// A stack of GRU layers, as PyTorch's <c>nn.GRU</c>: each (layer, direction) runs a <see cref="GruCell{T}"/>
/// (gates r, z, n, with b_hn inside r ⊙ (h·W_hnᵀ + b_hn)).
/// </summary>
public sealed class Gru<T> : RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with PyTorch's default init U(−1/√H, 1/√H) drawn from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException"><see cref="RecurrentOptions.Nonlinearity"/> is not tanh.</exception>
    public Gru(RecurrentOptions options, Rng rng)
        : base("Gru", options, rng, (inputSize, suffix) => new GruCell<T>(inputSize, options.HiddenSize, rng, suffix))
    {
        RequireTanh();
    }
}
