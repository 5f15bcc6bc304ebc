using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

/// <summary>A padded batch must behave, sequence by sequence, exactly like each sequence run alone at its true length.</summary>
public class SequenceLayerMaskingTests
{
    private const int Steps = 5;
    private const double Tolerance = 1e-12;
    private static readonly int[] Lengths = [5, 3, 1];

    public static TheoryData<LayerKind> Kinds() => new() { LayerKind.RnnTanh, LayerKind.RnnRelu, LayerKind.Lstm, LayerKind.Gru };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddedBatch_MatchesEachSequenceAlone_InOutputFinalStateAndGradients(LayerKind kind)
    {
        var rng = new Rng(21);
        var layer = SequenceLayers.Create(kind, new RecurrentOptions(3, 2) { NumLayers = 2, Bidirectional = true }, rng);
        int batch = Lengths.Length;

        // The padding holds large values: any leak into the result would show.
        var x = rng.Uniform<double>(-1, 1, Steps, batch, 3);
        for (int b = 0; b < batch; b++)
        {
            for (int t = Lengths[b]; t < Steps; t++)
            {
                for (int i = 0; i < 3; i++)
                {
                    x[t, b, i] = 50;
                }
            }
        }

        var h0 = rng.Uniform<double>(-1, 1, 4, batch, 2);
        var c0 = layer.HasCellState ? rng.Uniform<double>(-1, 1, 4, batch, 2) : null;
        var padded = layer.Forward(x, Lengths, h0, c0);
        var rOutput = Probe.Weights(rng, padded.Output);
        var rHidden = Probe.Weights(rng, padded.HiddenState);
        var rCell = padded.CellState is null ? null : Probe.Weights(rng, padded.CellState);
        layer.ZeroGrad();
        var paddedGrads = layer.Backward(rOutput, rHidden, rCell);
        var paddedParamGrads = layer.Parameters().Select(p => p.Grad.Clone()).ToList();
        var summedParamGrads = layer.Parameters().Select(p => new Tensor<double>(p.Grad.Shape.ToArray())).ToList();

        for (int b = 0; b < batch; b++)
        {
            int length = Lengths[b];
            layer.ZeroGrad();
            var alone = layer.Forward(
                SequenceLayers.Sequence(x, b, 0, length), null, SequenceLayers.Row(h0, b), c0 is null ? null : SequenceLayers.Row(c0, b));
            var aloneGrads = layer.Backward(
                SequenceLayers.Sequence(rOutput, b, 0, length), SequenceLayers.Row(rHidden, b), rCell is null ? null : SequenceLayers.Row(rCell, b));
            foreach (var (sum, p) in summedParamGrads.Zip(layer.Parameters()))
            {
                AddInto(sum, p.Grad);
            }

            for (int t = 0; t < Steps; t++)
            {
                AssertRow(t < length ? alone.Output[t] : null, padded.Output[t], b, $"output t={t} b={b}");
                AssertRow(t < length ? aloneGrads.Input[t] : null, paddedGrads.Input[t], b, $"input grad t={t} b={b}");
            }

            for (int s = 0; s < 4; s++)
            {
                AssertRow(alone.HiddenState[s], padded.HiddenState[s], b, $"h_n[{s}] b={b}");
                AssertRow(aloneGrads.InitialHiddenState[s], paddedGrads.InitialHiddenState[s], b, $"dh0[{s}] b={b}");
                if (c0 is not null)
                {
                    AssertRow(alone.CellState![s], padded.CellState![s], b, $"c_n[{s}] b={b}");
                    AssertRow(aloneGrads.InitialCellState![s], paddedGrads.InitialCellState![s], b, $"dc0[{s}] b={b}");
                }
            }
        }

        foreach (var (expected, actual) in summedParamGrads.Zip(paddedParamGrads))
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected.At(i) - actual.At(i)) < Tolerance, $"parameter gradient element {i}: {expected.At(i)} vs {actual.At(i)}");
            }
        }
    }

    [Fact]
    public void PaddedSteps_KeepTheStateAndEmitZero()
    {
        var rng = new Rng(22);
        var layer = new Rnn<double>(new RecurrentOptions(2, 3), rng);
        var x = rng.Uniform<double>(-1, 1, 4, 2, 2);

        var y = layer.Forward(x, [4, 2]);

        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(0, y.Output[2, 1, j]);
            Assert.Equal(0, y.Output[3, 1, j]);
            Assert.Equal(y.Output[1, 1, j], y.HiddenState[0, 1, j]);
            Assert.Equal(y.Output[3, 0, j], y.HiddenState[0, 0, j]);
        }
    }

    /// <summary>Row <paramref name="b"/> of <paramref name="padded"/> [B, F] equals row 0 of <paramref name="alone"/> (null: zero).</summary>
    private static void AssertRow(Tensor<double>? alone, Tensor<double> padded, int b, string what)
    {
        for (int j = 0; j < padded.Size(1); j++)
        {
            double expected = alone is null ? 0 : alone[0, j];
            Assert.True(Math.Abs(expected - padded[b, j]) < Tolerance, $"{what} j={j}: expected {expected:R}, got {padded[b, j]:R}");
        }
    }

    private static void AddInto(Tensor<double> sum, Tensor<double> value)
    {
        for (int i = 0; i < sum.Length; i++)
        {
            sum.At(i) += value.At(i);
        }
    }
}
