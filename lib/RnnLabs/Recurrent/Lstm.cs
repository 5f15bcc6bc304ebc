using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// A stack of LSTM layers, as PyTorch's <c>nn.LSTM</c>: each (layer, direction) runs an <see cref="LstmCell{T}"/>
/// (gates i, f, g, o) and carries a cell state c besides h, so Forward takes c0 and returns c_n.
/// </summary>
public sealed class Lstm<T> : RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with PyTorch's default init U(−1/√H, 1/√H) drawn from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException"><see cref="RecurrentOptions.Nonlinearity"/> is not tanh.</exception>
    public Lstm(RecurrentOptions options, Rng rng)
        : base("Lstm", options, rng, (inputSize, suffix) => new LstmCell<T>(inputSize, options.HiddenSize, rng, suffix))
    {
        RequireTanh();
    }
}
