using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// <see cref="RecurrentLayer{T}.ReuseResultBuffers"/>: off, every call returns new tensors; on, the same objects are
/// refilled with exactly what a fresh call returns. <see cref="RecurrentLayer{T}.Steps"/> views follow the latest Forward.
/// </summary>
public class SequenceLayerResultBufferTests
{
    private const int Steps = 5;
    private const int Batch = 3;
    private const int InputSize = 2;
    private const int HiddenSize = 3;
    private static readonly RecurrentOptions Options = new(InputSize, HiddenSize) { NumLayers = 2, Bidirectional = true };

    public static TheoryData<LayerKind> Kinds() => new() { LayerKind.RnnTanh, LayerKind.Lstm, LayerKind.Gru };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReuseOff_EveryCallReturnsNewTensors_AndEarlierResultsKeepTheirValues(LayerKind kind)
    {
        var rng = new Rng(50);
        var layer = SequenceLayers.Create(kind, Options, rng);
        var (x1, r1) = NewBatch(rng);
        var (x2, r2) = NewBatch(rng);

        var first = layer.Forward(x1);
        var firstOutput = first.Output.ToArray();
        var firstGrads = layer.Backward(r1);
        var firstInputGrad = firstGrads.Input.ToArray();
        var firstNorms = layer.HiddenGradientNorms!;
        var firstTop = firstNorms.Top.ToArray();
        var second = layer.Forward(x2);
        var secondGrads = layer.Backward(r2);

        Assert.False(layer.ReuseResultBuffers);
        Assert.NotSame(first, second);
        Assert.NotSame(first.Output, second.Output);
        Assert.NotSame(first.HiddenState, second.HiddenState);
        Assert.NotSame(firstGrads.Input, secondGrads.Input);
        Assert.NotSame(firstGrads.InitialHiddenState, secondGrads.InitialHiddenState);
        Assert.NotSame(firstNorms, layer.HiddenGradientNorms);
        Assert.Equal(firstOutput, first.Output.ToArray());
        Assert.Equal(firstInputGrad, firstGrads.Input.ToArray());
        Assert.Equal(firstTop, firstNorms.Top.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReuseOn_RefillsTheSameObjects_WithWhatAFreshLayerReturns(LayerKind kind)
    {
        var rng = new Rng(51);
        var reusing = SequenceLayers.Create(kind, Options, new Rng(52));
        var fresh = SequenceLayers.Create(kind, Options, new Rng(52));
        reusing.ReuseResultBuffers = true;
        var (x1, r1) = NewBatch(rng);
        var (x2, r2) = NewBatch(rng);

        // Full lengths first, then padding: rows the first call filled must come back cleared where padded.
        var first = reusing.Forward(x1);
        var firstGrads = reusing.Backward(r1);
        var firstNorms = reusing.HiddenGradientNorms;
        int[] lengths = [5, 2, 4];
        var second = reusing.Forward(x2, lengths);
        var secondGrads = reusing.Backward(r2);
        var expected = fresh.Forward(x2, lengths);
        var expectedGrads = fresh.Backward(r2);

        Assert.Same(first, second);
        Assert.Same(firstGrads, secondGrads);
        Assert.Same(firstNorms, reusing.HiddenGradientNorms);
        Assert.Equal(expected.Output.ToArray(), second.Output.ToArray());
        Assert.Equal(expected.HiddenState.ToArray(), second.HiddenState.ToArray());
        Assert.Equal(expected.CellState?.ToArray(), second.CellState?.ToArray());
        Assert.Equal(expectedGrads.Input.ToArray(), secondGrads.Input.ToArray());
        Assert.Equal(expectedGrads.InitialHiddenState.ToArray(), secondGrads.InitialHiddenState.ToArray());
        Assert.Equal(fresh.HiddenGradientNorms!.Top, reusing.HiddenGradientNorms!.Top);
    }

    [Fact]
    public void ReuseOn_NewShape_ReturnsResultsOfTheNewShape()
    {
        var rng = new Rng(53);
        var layer = new Lstm<double>(Options, rng) { ReuseResultBuffers = true };
        var first = layer.Forward(rng.Uniform<double>(-1, 1, Steps, Batch, InputSize));
        var shorter = layer.Forward(rng.Uniform<double>(-1, 1, Steps - 2, Batch, InputSize));

        Assert.NotSame(first, shorter);
        Assert.Equal([Steps - 2, Batch, 2 * HiddenSize], shorter.Output.Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Steps_AreTheSameViews_ShowingTheLatestForward(LayerKind kind)
    {
        var rng = new Rng(54);
        var layer = SequenceLayers.Create(kind, Options with { NumLayers = 1, Bidirectional = false }, rng);
        var (x1, _) = NewBatch(rng);
        var (x2, _) = NewBatch(rng);

        layer.Forward(x1);
        var steps = layer.Steps(0, 0).ToArray();
        var output = layer.Forward(x2).Output;

        Assert.Equal(steps, layer.Steps(0, 0));
        for (int t = 0; t < Steps; t++)
        {
            Assert.Equal(output[t].ToArray(), steps[t].Hidden.ToArray());
            Assert.Equal(x2[t].ToArray(), steps[t].Input.ToArray());
        }
    }

    private static (Tensor<double> Input, Tensor<double> OutputGrad) NewBatch(Rng rng) =>
        (rng.Uniform<double>(-1, 1, Steps, Batch, InputSize), rng.Uniform<double>(-1, 1, Steps, Batch, 2 * HiddenSize));
}
