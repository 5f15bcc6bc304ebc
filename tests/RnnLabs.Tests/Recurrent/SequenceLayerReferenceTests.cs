using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>Forward values against <see cref="ScalarSequenceReference"/>: PyTorch's equations in plain loops.</summary>
public class SequenceLayerReferenceTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<LayerKind> Kinds() => new() { LayerKind.RnnTanh, LayerKind.RnnRelu, LayerKind.Lstm, LayerKind.Gru };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_TwoLayersBidirectionalWithLengthsAndInitialState_MatchesScalarReference(LayerKind kind)
    {
        var rng = new Rng(11);
        var layer = SequenceLayers.Create(kind, new RecurrentOptions(3, 4) { NumLayers = 2, Bidirectional = true }, rng);
        var x = rng.Uniform<double>(-1, 1, 5, 3, 3);
        int[] lengths = [5, 3, 1];
        var h0 = rng.Uniform<double>(-1, 1, 4, 3, 4);
        var c0 = layer.HasCellState ? rng.Uniform<double>(-1, 1, 4, 3, 4) : null;

        var actual = layer.Forward(x, lengths, h0, c0);
        var expected = ScalarSequenceReference.Run(layer, kind, x, lengths, h0, c0);

        AssertClose(expected.Output, actual.Output, "output");
        AssertClose(expected.HiddenState, actual.HiddenState, "h_n");
        if (layer.HasCellState)
        {
            AssertClose(expected.CellState, actual.CellState!, "c_n");
        }
        else
        {
            Assert.Null(actual.CellState);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_OneLayerWithoutInitialState_MatchesScalarReference(LayerKind kind)
    {
        var rng = new Rng(12);
        var layer = SequenceLayers.Create(kind, new RecurrentOptions(2, 3), rng);
        var x = rng.Uniform<double>(-2, 2, 4, 2, 2);

        var actual = layer.Forward(x);
        var expected = ScalarSequenceReference.Run(layer, kind, x, [4, 4], null, null);

        AssertClose(expected.Output, actual.Output, "output");
        AssertClose(expected.HiddenState, actual.HiddenState, "h_n");
    }

    [Fact]
    public void Forward_WithoutReturnSequences_ReturnsTopLayerFinalStatesForwardThenReverse()
    {
        var rng = new Rng(13);
        var options = new RecurrentOptions(3, 2) { NumLayers = 2, Bidirectional = true, ReturnSequences = false };
        var layer = new Lstm<double>(options, rng);
        var x = rng.Uniform<double>(-1, 1, 4, 3, 3);
        int[] lengths = [2, 4, 3];

        var actual = layer.Forward(x, lengths);
        var expected = ScalarSequenceReference.Run(layer, LayerKind.Lstm, x, lengths, null, null);

        Assert.Equal([3, 4], actual.Output.Shape.ToArray());
        for (int b = 0; b < 3; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                Assert.True(Math.Abs(expected.HiddenState[2, b, j] - actual.Output[b, j]) < Tolerance, $"forward b={b} j={j}");
                Assert.True(Math.Abs(expected.HiddenState[3, b, j] - actual.Output[b, 2 + j]) < Tolerance, $"reverse b={b} j={j}");
            }
        }
    }

    [Fact]
    public void Steps_OfEachDirection_HoldTheCellStatesBehindTheOutput()
    {
        var rng = new Rng(14);
        var layer = new Gru<double>(new RecurrentOptions(2, 3) { Bidirectional = true }, rng);
        var x = rng.Uniform<double>(-1, 1, 4, 2, 2);

        var y = layer.Forward(x).Output;

        for (int direction = 0; direction < 2; direction++)
        {
            var steps = layer.Steps(0, direction);
            Assert.Equal(4, steps.Count);
            for (int t = 0; t < 4; t++)
            {
                Assert.Equal(x[t].ToArray(), steps[t].Input.ToArray());
                for (int b = 0; b < 2; b++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        Assert.Equal(y[t, b, direction * 3 + j], steps[t].Hidden[b, j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Forward_InFloat_AgreesWithDouble()
    {
        var options = new RecurrentOptions(3, 4) { NumLayers = 2, Bidirectional = true };
        var inDouble = new Lstm<double>(options, new Rng(15));
        var inFloat = new Lstm<float>(options, new Rng(15));
        var x = new Rng(16).Uniform<double>(-1, 1, 5, 3, 3);

        var expected = inDouble.Forward(x, [5, 3, 1]).Output.ToArray();
        var actual = inFloat.Forward(x.Cast<float>(), [5, 3, 1]).Output.ToArray();

        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-5, $"largest float/double difference {worst:E2}");
    }

    private static void AssertClose(double[,,] expected, Tensor<double> actual, string what)
    {
        Assert.Equal([expected.GetLength(0), expected.GetLength(1), expected.GetLength(2)], actual.Shape.ToArray());
        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                for (int k = 0; k < expected.GetLength(2); k++)
                {
                    double error = Math.Abs(expected[i, j, k] - actual[i, j, k]);
                    Assert.True(error < Tolerance, $"{what}[{i}, {j}, {k}]: expected {expected[i, j, k]:R}, got {actual[i, j, k]:R}");
                }
            }
        }
    }
}
