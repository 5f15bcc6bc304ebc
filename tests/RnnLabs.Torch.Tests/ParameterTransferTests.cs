using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Torch.Tests.Support;

namespace RnnLabs.Torch.Tests;

/// <summary>Weights move between RnnLabs and TorchSharp by PyTorch name, bit for bit, and refuse to move when the models differ.</summary>
public sealed class ParameterTransferTests
{
    private static readonly RecurrentOptions Deep = new(4, 6) { NumLayers = 2, Bidirectional = true };

    [Theory]
    [InlineData(RecurrentKind.RnnRelu)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Twin_HoldsTheLayersWeightsBitForBit(RecurrentKind kind)
    {
        var layer = RecurrentLayers.Create<float>(kind, Deep, new Rng(1));
        using var twin = new RecurrentTwin<float>(layer);

        var torchValues = twin.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.ToRnnLabs<float>());

        Assert.Equal(layer.NamedParameters().Select(p => p.Name), torchValues.Keys);
        foreach (var (name, p) in layer.NamedParameters())
        {
            Assert.Equal(p.Value.ToArray(), torchValues[name].ToArray());
        }
    }

    [Theory]
    [InlineData(RecurrentKind.RnnTanh)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void CopyFromTorch_OverwritesEveryParameterBitForBit(RecurrentKind kind)
    {
        var source = RecurrentLayers.Create<double>(kind, Deep, new Rng(1));
        var target = RecurrentLayers.Create<double>(kind, Deep, new Rng(2));
        using var twin = new RecurrentTwin<double>(source);

        ParameterTransfer.FromTorch(twin.Module, target.NamedParameters());

        foreach (var ((_, expected), (_, actual)) in source.NamedParameters().Zip(target.NamedParameters()))
        {
            Assert.Equal(expected.Value.ToArray(), actual.Value.ToArray());
        }
    }

    [Fact]
    public void ToTorch_ShapeMismatch_NamesTheParameterAndBothShapes()
    {
        using var twin = new RecurrentTwin<double>(new Lstm<double>(new RecurrentOptions(4, 6), new Rng(1)));
        var wider = new Lstm<double>(new RecurrentOptions(4, 7), new Rng(2));

        var error = Assert.Throws<ArgumentException>(() => ParameterTransfer.ToTorch(wider.NamedParameters(), twin.Module));

        Assert.Equal("source", error.ParamName);
        Assert.Contains("'weight_ih_l0'", error.Message);
        Assert.Contains("[28, 4] in RnnLabs", error.Message);
        Assert.Contains("[24, 4] in the TorchSharp nn.LSTM", error.Message);
    }

    [Fact]
    public void ToTorch_MissingLayer_NamesTheParameterWithoutCounterpart()
    {
        using var twin = new RecurrentTwin<double>(new Gru<double>(new RecurrentOptions(4, 6), new Rng(1)));
        var deeper = new Gru<double>(new RecurrentOptions(4, 6) { NumLayers = 2 }, new Rng(2));

        var error = Assert.Throws<ArgumentException>(() => ParameterTransfer.ToTorch(deeper.NamedParameters(), twin.Module));

        Assert.Contains("parameter 'weight_ih_l1' [18, 6] of the RnnLabs model has no counterpart in the TorchSharp nn.GRU", error.Message);
    }

    [Fact]
    public void FromTorch_ExtraTorchParameter_NamesItAndLeavesTheModelUntouched()
    {
        using var twin = new RecurrentTwin<double>(new Rnn<double>(new RecurrentOptions(4, 6) { Bidirectional = true }, new Rng(1)));
        var oneWay = new Rnn<double>(new RecurrentOptions(4, 6), new Rng(2));
        var before = oneWay.NamedParameters().Select(p => p.Parameter.Value.ToArray()).ToList();

        var error = Assert.Throws<ArgumentException>(() => ParameterTransfer.FromTorch(twin.Module, oneWay.NamedParameters()));

        Assert.Equal("target", error.ParamName);
        Assert.Contains("parameter 'weight_ih_l0_reverse' [6, 4] of the TorchSharp nn.RNN has no counterpart in the RnnLabs model", error.Message);
        Assert.Equal(before, oneWay.NamedParameters().Select(p => p.Parameter.Value.ToArray()));
    }

    [Fact]
    public void ToTorch_DTypeMismatch_NamesBothTypes()
    {
        using var twin = new RecurrentTwin<double>(new Lstm<double>(new RecurrentOptions(4, 6), new Rng(1)));
        var singles = new Lstm<float>(new RecurrentOptions(4, 6), new Rng(1));

        var error = Assert.Throws<ArgumentException>(() => ParameterTransfer.ToTorch(singles.NamedParameters(), twin.Module));

        Assert.Contains("expected Float32 in the TorchSharp nn.LSTM (the RnnLabs model holds Single), got Float64", error.Message);
    }

    [Fact]
    public void SequenceModel_TakesTheSequentialsNames()
    {
        var rng = new Rng(3);
        var model = new Sequential<float> { new Lstm<float>(new RecurrentOptions(2, 5) { ReturnSequences = false }, rng), new Dense<float>(5, 1, rng) };
        using var twin = TorchSequenceModel.From(model);

        Assert.Equal(model.NamedParameters().Select(p => p.Name), twin.state_dict().Keys);
        Assert.Equal(["0.weight_ih_l0", "0.weight_hh_l0", "0.bias_ih_l0", "0.bias_hh_l0", "1.weight", "1.bias"], twin.state_dict().Keys);
    }

    [Fact]
    public void SequenceModel_OtherStructure_IsRefusedWithTheLayersFound()
    {
        var rng = new Rng(3);
        var model = new Sequential<float> { new Dense<float>(2, 5, rng), new Dense<float>(5, 1, rng) };

        var error = Assert.Throws<ArgumentException>(() => TorchSequenceModel.From(model));

        Assert.Equal("model", error.ParamName);
        Assert.Contains("expected Sequential { Rnn | Lstm | Gru, Dense }, got Sequential { Dense, Dense }", error.Message);
    }
}
