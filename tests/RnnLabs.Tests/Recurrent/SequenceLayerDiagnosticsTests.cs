using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

/// <summary>The per-step gradient norms and the ILayer view of the sequence layers.</summary>
public class SequenceLayerDiagnosticsTests
{
    private const int Steps = 5;
    private const int Batch = 2;
    private const int HiddenSize = 3;

    public static TheoryData<LayerKind> Kinds() => new() { LayerKind.RnnTanh, LayerKind.Lstm, LayerKind.Gru };

    /// <summary>
    /// The gradient reaching h_t from the steps after t equals ∂L/∂h0 of the same layer run on x[t+1..] from
    /// (h_t, c_t); adding the output gradient at t gives the total whose norm the layer records.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void HiddenGradientNorms_AreNormsOfTheTotalGradientReachingEachHiddenState(LayerKind kind)
    {
        var rng = new Rng(41);
        var layer = SequenceLayers.Create(kind, new RecurrentOptions(2, HiddenSize), rng);
        var x = rng.Uniform<double>(-1, 1, Steps, Batch, 2);
        var y = layer.Forward(x);
        var hidden = Enumerable.Range(0, Steps).Select(t => layer.Steps(0, 0)[t].Hidden.Clone()).ToList();
        var cell = Enumerable.Range(0, Steps).Select(t => layer.Steps(0, 0)[t].Cell?.Clone()).ToList();
        var rOutput = Probe.Weights(rng, y.Output);
        var rHidden = Probe.Weights(rng, y.HiddenState);
        layer.Backward(rOutput, rHidden);
        var norms = layer.HiddenGradientNorms!;

        Assert.Equal((1, 1, Steps), (norms.NumLayers, norms.NumDirections, norms.Steps));
        for (int t = 0; t < Steps; t++)
        {
            var total = rOutput[t].Clone();
            var fromLater = rHidden[0];
            if (t < Steps - 1)
            {
                Run(layer, Slice(x, t + 1), hidden[t], cell[t]);
                fromLater = layer.Backward(Slice(rOutput, t + 1), rHidden).InitialHiddenState[0];
            }

            for (int i = 0; i < total.Length; i++)
            {
                total.At(i) += fromLater.At(i);
            }

            double expected = Math.Sqrt(total.ToArray().Sum(v => v * v));
            Assert.True(Math.Abs(expected - norms.Top[t]) < 1e-12 * (1 + expected), $"t={t}: expected {expected:R}, got {norms.Top[t]:R}");
        }
    }

    [Fact]
    public void ILayerView_ReturnsOutputAndInputGradient()
    {
        var rng = new Rng(42);
        var layer = new Gru<double>(new RecurrentOptions(2, 3) { Bidirectional = true }, rng);
        ILayer<double> asLayer = layer;
        ISequenceLayer<double> asSequenceLayer = layer;
        var x = rng.Uniform<double>(-1, 1, 4, 2, 2);
        var r = rng.Uniform<double>(-1, 1, 4, 2, 6);

        var full = layer.Forward(x, [4, 2]);
        var fullInputGrad = layer.Backward(r).Input.ToArray();

        Assert.Equal(full.Output.ToArray(), asSequenceLayer.Forward(x, [4, 2]).ToArray());
        Assert.Equal(fullInputGrad, asLayer.Backward(r).ToArray());
        Assert.Equal(layer.Forward(x).Output.ToArray(), asLayer.Forward(x).ToArray());
    }

    private static RecurrentOutput<double> Run(RecurrentLayer<double> layer, Tensor<double> x, Tensor<double> h, Tensor<double>? c) =>
        layer.Forward(x, null, h.Reshape(1, Batch, HiddenSize), c?.Reshape(1, Batch, HiddenSize));

    /// <summary>Steps [from, T) of a [T, B, F] tensor.</summary>
    private static Tensor<double> Slice(Tensor<double> x, int from)
    {
        var result = new Tensor<double>(x.Size(0) - from, x.Size(1), x.Size(2));
        for (int t = from; t < x.Size(0); t++)
        {
            result[t - from].CopyFrom(x[t]);
        }

        return result;
    }
}
