using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>Parameter names, shapes and order must be PyTorch's state_dict, so weights move to TorchSharp one to one.</summary>
public class SequenceLayerParameterTests
{
    [Fact]
    public void Lstm_TwoLayersBidirectional_HasPyTorchNamesShapesAndOrder()
    {
        var layer = new Lstm<float>(new RecurrentOptions(5, 3) { NumLayers = 2, Bidirectional = true }, new Rng(1));

        var actual = layer.NamedParameters().Select(p => $"{p.Name} {p.Parameter.Value.ShapeString}").ToArray();

        string[] expected =
        [
            "weight_ih_l0 [12, 5]", "weight_hh_l0 [12, 3]", "bias_ih_l0 [12]", "bias_hh_l0 [12]",
            "weight_ih_l0_reverse [12, 5]", "weight_hh_l0_reverse [12, 3]", "bias_ih_l0_reverse [12]", "bias_hh_l0_reverse [12]",
            "weight_ih_l1 [12, 6]", "weight_hh_l1 [12, 3]", "bias_ih_l1 [12]", "bias_hh_l1 [12]",
            "weight_ih_l1_reverse [12, 6]", "weight_hh_l1_reverse [12, 3]", "bias_ih_l1_reverse [12]", "bias_hh_l1_reverse [12]",
        ];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void GruAndRnn_HaveThreeAndOneGateBlocks()
    {
        var options = new RecurrentOptions(5, 3) { NumLayers = 2 };

        var gru = new Gru<float>(options, new Rng(1)).NamedParameters().Select(p => $"{p.Name} {p.Parameter.Value.ShapeString}");
        var rnn = new Rnn<float>(options, new Rng(1)).NamedParameters().Select(p => $"{p.Name} {p.Parameter.Value.ShapeString}");

        Assert.Equal(
            ["weight_ih_l0 [9, 5]", "weight_hh_l0 [9, 3]", "bias_ih_l0 [9]", "bias_hh_l0 [9]",
             "weight_ih_l1 [9, 3]", "weight_hh_l1 [9, 3]", "bias_ih_l1 [9]", "bias_hh_l1 [9]"],
            gru);
        Assert.Equal(
            ["weight_ih_l0 [3, 5]", "weight_hh_l0 [3, 3]", "bias_ih_l0 [3]", "bias_hh_l0 [3]",
             "weight_ih_l1 [3, 3]", "weight_hh_l1 [3, 3]", "bias_ih_l1 [3]", "bias_hh_l1 [3]"],
            rnn);
    }

    [Fact]
    public void Cells_AreExposedInStateDictOrderWithTheirKind()
    {
        var layer = new Rnn<double>(new RecurrentOptions(2, 3) { NumLayers = 2, Bidirectional = true, Nonlinearity = RnnNonlinearity.Relu }, new Rng(2));

        Assert.Equal(4, layer.Cells.Count);
        Assert.Same(layer.Cells[3], layer.Cell(1, 1));
        Assert.Equal("weight_ih_l1_reverse", layer.Cell(1, 1).WeightIh.Name);
        Assert.All(layer.Cells, c => Assert.Equal(RnnNonlinearity.Relu, Assert.IsType<RnnCell<double>>(c).Nonlinearity));
        Assert.IsType<LstmCell<double>>(new Lstm<double>(new RecurrentOptions(2, 3), new Rng(2)).Cell(0, 0));
        Assert.IsType<GruCell<double>>(new Gru<double>(new RecurrentOptions(2, 3), new Rng(2)).Cell(0, 0));
    }

    [Fact]
    public void SameSeed_GivesIdenticalWeights()
    {
        var options = new RecurrentOptions(2, 3) { Bidirectional = true, Dropout = 0.2, NumLayers = 2 };
        var a = new Gru<float>(options, new Rng(9)).Parameters();
        var b = new Gru<float>(options, new Rng(9)).Parameters();

        Assert.Equal(a.SelectMany(p => p.Value.ToArray()), b.SelectMany(p => p.Value.ToArray()));
    }

    [Fact]
    public void ToString_SummarisesTheConfigurationLikePyTorch()
    {
        var layer = new Lstm<float>(new RecurrentOptions(64, 128) { NumLayers = 2, Bidirectional = true, Dropout = 0.25 }, new Rng(1));

        Assert.Equal("Lstm(64, 128, numLayers: 2, bidirectional, dropout: 0.25)", layer.ToString());
        Assert.Equal("Gru(3, 2, last state only)", new Gru<float>(new RecurrentOptions(3, 2) { ReturnSequences = false }, new Rng(1)).ToString());
    }
}
