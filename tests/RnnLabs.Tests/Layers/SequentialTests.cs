using RnnLabs.Diagnostics;
using RnnLabs.Layers;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Layers;

public class SequentialTests
{
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void Sequential_Backward_MatchesFiniteDifferences_ForDenseDense(ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential<double>(new Dense<double>(3, 4, rng), new Dense<double>(4, 2, rng));
        var x = rng.Uniform<double>(-1, 1, 3, 2, 3);
        var r = Probe.Weights(rng, model.Forward(x));
        var dx = model.Backward(r);

        var report = GradCheck.Compare(() => Probe.Dot(model.Forward(x), r), model, ("input", x, dx));

        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void Sequential_NamedParameters_PrefixesLayerIndexLikePyTorch()
    {
        var rng = new Rng(1);
        var model = new Sequential<double> { new Dense<double>(3, 4, rng), new Dense<double>(4, 2, rng) };

        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Sequential_NamedParameters_KeepsIndicesOfParameterlessAndNestedLayers()
    {
        var rng = new Rng(1);
        var inner = new Sequential<double>(new Dropout<double>(0.1, rng), new Dense<double>(4, 2, rng));
        var model = new Sequential<double>(new Dense<double>(3, 4, rng), new Dropout<double>(0.1, rng), inner);

        Assert.Equal(["0.weight", "0.bias", "2.1.weight", "2.1.bias"], model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Sequential_Forward_PassesLengthsAndTrainingToSequenceLayers()
    {
        var log = new List<string>();
        var recorder = new RecordingSequenceLayer("rnn", log);
        var model = new Sequential<double>(new Dense<double>(3, 3, new Rng(1)), recorder);
        int[] lengths = [3, 1];

        model.Forward(new Tensor<double>(3, 2, 3), lengths, training: true);

        Assert.Same(lengths, recorder.Lengths);
        Assert.True(recorder.Training);
        Assert.Equal(["rnn.forward(lengths)"], log);
    }

    [Fact]
    public void Sequential_ForwardWithoutLengths_GivesSequenceLayersNull()
    {
        var log = new List<string>();
        var recorder = new RecordingSequenceLayer("rnn", log);
        var model = new Sequential<double>(recorder);

        model.Forward(new Tensor<double>(3, 2, 3));

        Assert.Null(recorder.Lengths);
        Assert.False(recorder.Training);
    }

    [Fact]
    public void Sequential_RunsForwardInOrderAndBackwardInReverse()
    {
        var log = new List<string>();
        var model = new Sequential<double>(new RecordingSequenceLayer("a", log), new RecordingSequenceLayer("b", log));
        var x = new Tensor<double>(2, 3);

        model.Backward(model.Forward(x, [2, 2]));

        Assert.Equal(["a.forward(lengths)", "b.forward(lengths)", "b.backward", "a.backward"], log);
    }

    [Fact]
    public void Sequential_AddCountAndIndexer_ExposeTheLayersInOrder()
    {
        var rng = new Rng(1);
        var first = new Dense<double>(3, 4, rng);
        var second = new Dropout<double>(0.5, rng);
        var model = new Sequential<double>(first);
        model.Add(second);

        Assert.Equal(2, model.Count);
        Assert.Same(first, model[0]);
        Assert.Same(second, model[1]);
        Assert.Equal([first, second], model.ToList());
    }

    /// <summary>An identity sequence layer that records what it was given and when it ran.</summary>
    private sealed class RecordingSequenceLayer(string name, List<string> log) : ISequenceLayer<double>
    {
        public IReadOnlyList<int>? Lengths { get; private set; }

        public bool Training { get; private set; }

        public Tensor<double> Forward(Tensor<double> input, IReadOnlyList<int>? lengths, bool training = false)
        {
            log.Add($"{name}.forward(lengths)");
            Lengths = lengths;
            Training = training;
            return input;
        }

        public Tensor<double> Forward(Tensor<double> input, bool training = false)
        {
            log.Add($"{name}.forward");
            Training = training;
            return input;
        }

        public Tensor<double> Backward(Tensor<double> outputGrad)
        {
            log.Add($"{name}.backward");
            return outputGrad;
        }

        public IEnumerable<(string Name, Parameter<double> Parameter)> NamedParameters() => [];
    }
}
