using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>The four layer flavours the sequence-layer tests run over.</summary>
public enum LayerKind
{
    RnnTanh,
    RnnRelu,
    Lstm,
    Gru,
}

/// <summary>Builds a sequence layer of a given kind, so one test body covers Rnn, Lstm and Gru.</summary>
internal static class SequenceLayers
{
    public static RecurrentLayer<double> Create(LayerKind kind, RecurrentOptions options, Rng rng) => kind switch
    {
        LayerKind.RnnTanh => new Rnn<double>(options with { Nonlinearity = RnnNonlinearity.Tanh }, rng),
        LayerKind.RnnRelu => new Rnn<double>(options with { Nonlinearity = RnnNonlinearity.Relu }, rng),
        LayerKind.Lstm => new Lstm<double>(options, rng),
        LayerKind.Gru => new Gru<double>(options, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A time-major slice [from, to) of axis 0 and batch row b, as [to − from, 1, F].</summary>
    public static Tensor<double> Sequence(Tensor<double> x, int b, int from, int to)
    {
        int f = x.Size(2);
        var result = new Tensor<double>(to - from, 1, f);
        for (int t = from; t < to; t++)
        {
            for (int j = 0; j < f; j++)
            {
                result[t - from, 0, j] = x[t, b, j];
            }
        }

        return result;
    }

    /// <summary>Batch row b of a [S, B, F] tensor as [S, 1, F] (e.g. one sequence's h0).</summary>
    public static Tensor<double> Row(Tensor<double> x, int b) => Sequence(x, b, 0, x.Size(0));
}
