using System.Numerics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Torch.Tests.Support;
using Xunit.Abstractions;

namespace RnnLabs.Torch.Tests;

/// <summary>
/// The twins' central claim: with the same weights, inputs and output gradients, RnnLabs and TorchSharp agree on
/// every output and every gradient, for each layer kind, shallow and deep-bidirectional, with and without h0/c0.
/// Sizes T = 5, B = 3, I = 4, H = 6.
/// </summary>
public sealed class RecurrentParityTests(ITestOutputHelper output)
{
    private const int Steps = 5;
    private const int Batch = 3;
    private const int InputSize = 4;
    private const int HiddenSize = 6;

    public static TheoryData<RecurrentKind, int, bool, bool> Cases()
    {
        var data = new TheoryData<RecurrentKind, int, bool, bool>();
        foreach (var kind in Enum.GetValues<RecurrentKind>())
        {
            foreach (var (layers, bidirectional) in new[] { (1, false), (2, true) })
            {
                data.Add(kind, layers, bidirectional, false);
                data.Add(kind, layers, bidirectional, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Twin_MatchesRnnLabs_InFloat64(RecurrentKind kind, int numLayers, bool bidirectional, bool initialState)
    {
        var report = Check<double>(kind, numLayers, bidirectional, initialState);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
        Assert.True(report.WorstOutputAbsError < 1e-10, report.ToString());
        Assert.True(report.WorstGradientRelativeError < 1e-8, report.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Twin_MatchesRnnLabs_InFloat32(RecurrentKind kind, int numLayers, bool bidirectional, bool initialState)
    {
        var report = Check<float>(kind, numLayers, bidirectional, initialState);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
        Assert.True(report.WorstOutputAbsError < 1e-5, report.ToString());
        Assert.True(report.WorstGradientRelativeError < 1e-4, report.ToString());
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Twin_MatchesRnnLabs_WhenOnlyTheLastStateIsReturned(RecurrentKind kind)
    {
        var rng = new Rng(7);
        var options = new RecurrentOptions(InputSize, HiddenSize) { NumLayers = 2, Bidirectional = true, ReturnSequences = false };
        var layer = RecurrentLayers.Create<double>(kind, options, rng);

        var report = Parity.Check(layer, ParityInputs<double>.Random(layer, Steps, Batch, rng, initialState: true));

        Assert.True(report.Passed, report.ToString());
        Assert.Equal([Batch, 2 * HiddenSize], report.Entries.Single(e => e.Name == "output").Shape.Trim('[', ']').Split(", ").Select(int.Parse));
    }

    [Fact]
    public void Report_ComparesEveryOutputStateAndParameter()
    {
        var report = Check<double>(RecurrentKind.Lstm, 2, true, true);

        string[] expected =
        [
            "output", "h_n", "c_n", "input", "h0", "c0",
            .. new[] { "_l0", "_l0_reverse", "_l1", "_l1_reverse" }.SelectMany(s => new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" }.Select(p => p + s)),
        ];
        Assert.Equal(expected, report.Entries.Select(e => e.Name));
    }

    private static ParityReport Check<T>(RecurrentKind kind, int numLayers, bool bidirectional, bool initialState)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(1000 + (ulong)kind * 10 + (ulong)numLayers);
        var options = new RecurrentOptions(InputSize, HiddenSize) { NumLayers = numLayers, Bidirectional = bidirectional };
        var layer = RecurrentLayers.Create<T>(kind, options, rng);
        return Parity.Check(layer, ParityInputs<T>.Random(layer, Steps, Batch, rng, initialState));
    }
}
