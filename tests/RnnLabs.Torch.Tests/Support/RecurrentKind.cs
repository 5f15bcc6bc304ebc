using System.Numerics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Torch.Tests.Support;

/// <summary>The four recurrent layers the twins cover.</summary>
public enum RecurrentKind
{
    RnnTanh,
    RnnRelu,
    Lstm,
    Gru,
}

/// <summary>Builds the RnnLabs layer of a <see cref="RecurrentKind"/>.</summary>
internal static class RecurrentLayers
{
    public static RecurrentLayer<T> Create<T>(RecurrentKind kind, RecurrentOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
        {
            RecurrentKind.RnnTanh => new Rnn<T>(options with { Nonlinearity = RnnNonlinearity.Tanh }, rng),
            RecurrentKind.RnnRelu => new Rnn<T>(options with { Nonlinearity = RnnNonlinearity.Relu }, rng),
            RecurrentKind.Lstm => new Lstm<T>(options, rng),
            _ => new Gru<T>(options, rng),
        };
}
