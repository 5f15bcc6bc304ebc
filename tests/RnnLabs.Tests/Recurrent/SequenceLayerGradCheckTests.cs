using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;
using Xunit.Abstractions;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// Backpropagation through time of Rnn (tanh, relu), Lstm and Gru against central differences, for every
/// parameter, the input and the initial states, with a loss on the output AND on h_n (and c_n).
/// </summary>
public class SequenceLayerGradCheckTests(ITestOutputHelper output)
{
    private const int Steps = 4;
    private const int Batch = 3;
    private const int InputSize = 3;
    private const int HiddenSize = 2;

    /// <summary>
    /// Kind × (1 layer unidirectional | 2 layers bidirectional) × initial state (with, without) × padding mask
    /// (with, without) × return-sequences (on, off), × seeds 1..5.
    /// </summary>
    public static TheoryData<LayerKind, bool, bool, bool, bool, ulong> Cases()
    {
        var data = new TheoryData<LayerKind, bool, bool, bool, bool, ulong>();
        bool[] both = [false, true];
        var settings = from initial in both from masked in both from sequences in both select (initial, masked, sequences);
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            foreach (bool deep in new[] { false, true })
            {
                foreach (var (initial, masked, sequences) in settings)
                {
                    foreach (ulong seed in new ulong[] { 1, 2, 3, 4, 5 })
                    {
                        data.Add(kind, deep, initial, masked, sequences, seed);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_MatchesFiniteDifferences_ForParametersInputAndInitialStates(
        LayerKind kind, bool twoLayersBidirectional, bool initialState, bool masked, bool returnSequences, ulong seed)
    {
        var rng = new Rng(seed);
        var options = new RecurrentOptions(InputSize, HiddenSize)
        {
            NumLayers = twoLayersBidirectional ? 2 : 1,
            Bidirectional = twoLayersBidirectional,
            ReturnSequences = returnSequences,
        };
        var layer = SequenceLayers.Create(kind, options, rng);
        int states = options.NumLayers * options.NumDirections;
        var x = rng.Uniform<double>(-1, 1, Steps, Batch, InputSize);
        int[]? lengths = masked ? [Steps, Steps - 2, 1] : null;
        var h0 = initialState ? rng.Uniform<double>(-1, 1, states, Batch, HiddenSize) : null;
        var c0 = initialState && layer.HasCellState ? rng.Uniform<double>(-1, 1, states, Batch, HiddenSize) : null;

        var first = layer.Forward(x, lengths, h0, c0);
        var rOutput = Probe.Weights(rng, first.Output);
        var rHidden = Probe.Weights(rng, first.HiddenState);
        var rCell = first.CellState is null ? null : Probe.Weights(rng, first.CellState);
        var grads = layer.Backward(rOutput, rHidden, rCell);

        double Loss()
        {
            var y = layer.Forward(x, lengths, h0, c0);
            return Probe.Dot(y.Output, rOutput) + Probe.Dot(y.HiddenState, rHidden) + (rCell is null ? 0 : Probe.Dot(y.CellState!, rCell));
        }

        var inputs = new List<(string, Tensor<double>, Tensor<double>)> { ("input", x, grads.Input) };
        if (h0 is not null)
        {
            inputs.Add(("h0", h0, grads.InitialHiddenState));
        }

        if (c0 is not null)
        {
            inputs.Add(("c0", c0, grads.InitialCellState!));
        }

        var report = GradCheck.Compare(Loss, layer, inputs.ToArray());
        output.WriteLine($"GRADCHECK {kind} worst relative error {report.WorstRelativeError:E3}");
        Assert.True(report.Passed(), report.ToString());
    }

    /// <summary>
    /// Dropout draws a new mask per Forward, so the loss is re-evaluated on fresh layers built from the same seed
    /// (same weights, same first mask) that copy the perturbed parameters.
    /// </summary>
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void Backward_WithTrainingDropout_MatchesFiniteDifferencesUnderTheSameMask(ulong seed)
    {
        var options = new RecurrentOptions(InputSize, HiddenSize) { NumLayers = 2, Dropout = 0.3 };
        var layer = new Lstm<double>(options, new Rng(seed));
        var rng = new Rng(seed + 100);
        var x = rng.Uniform<double>(-1, 1, Steps, Batch, InputSize);
        var first = layer.Forward(x, training: true);
        var r = Probe.Weights(rng, first.Output);
        var grads = layer.Backward(r);

        double Loss()
        {
            var fresh = new Lstm<double>(options, new Rng(seed));
            foreach (var ((_, target), (_, source)) in fresh.NamedParameters().Zip(layer.NamedParameters()))
            {
                target.Value.CopyFrom(source.Value);
            }

            return Probe.Dot(fresh.Forward(x, training: true).Output, r);
        }

        var report = GradCheck.Compare(Loss, layer, ("input", x, grads.Input));
        Assert.True(report.Passed(), report.ToString());
    }
}
