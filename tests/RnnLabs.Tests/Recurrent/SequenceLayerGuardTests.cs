using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>Bad input gets a clear exception naming the layer, the argument, what was expected and what arrived.</summary>
public class SequenceLayerGuardTests
{
    private static readonly RecurrentOptions TwoLayers = new(4, 2) { NumLayers = 2 };

    [Fact]
    public void Forward_WrongFeatureSize_NamesLayerInputAndShapes()
    {
        var layer = new Lstm<double>(TwoLayers, new Rng(1));

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor<double>(5, 3, 5)));

        Assert.Equal("input", ex.ParamName);
        Assert.Contains("Lstm(layer 0) input: expected [*, *, 4] (T, B, inputSize), got [5, 3, 5]", ex.Message);
    }

    [Fact]
    public void Forward_RankTwoInput_NamesShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Gru<double>(TwoLayers, new Rng(1)).Forward(new Tensor<double>(5, 4)));

        Assert.Equal("input", ex.ParamName);
        Assert.Contains("[*, *, 4]", ex.Message);
        Assert.Contains("[5, 4]", ex.Message);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(5, 0)]
    public void Forward_EmptySequenceOrBatch_Throws(int steps, int batch)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Rnn<double>(TwoLayers, new Rng(1)).Forward(new Tensor<double>(steps, batch, 4)));

        Assert.Equal("input", ex.ParamName);
        Assert.Contains($"got [{steps}, {batch}, 4]", ex.Message);
    }

    [Fact]
    public void Forward_NonFiniteInput_NamesInput()
    {
        var x = new Tensor<double>(2, 1, 4);
        x[1, 0, 2] = double.NaN;

        var ex = Assert.Throws<ArgumentException>(() => new Rnn<double>(TwoLayers, new Rng(1)).Forward(x));

        Assert.Equal("input", ex.ParamName);
        Assert.Contains("NaN", ex.Message);
        Assert.Contains("Rnn(layer 0)", ex.Message);
    }

    [Fact]
    public void Forward_WrongInitialStateShape_NamesH0AndShapes()
    {
        var layer = new Gru<double>(TwoLayers with { Bidirectional = true }, new Rng(1));

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor<double>(5, 3, 4), h0: new Tensor<double>(2, 3, 2)));

        Assert.Equal("h0", ex.ParamName);
        Assert.Contains("Gru h0: expected [4, 3, 2]", ex.Message);
        Assert.Contains("got [2, 3, 2]", ex.Message);
    }

    [Fact]
    public void Forward_WrongCellStateShape_NamesC0AndShapes()
    {
        var layer = new Lstm<double>(TwoLayers, new Rng(1));

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor<double>(5, 3, 4), c0: new Tensor<double>(2, 2, 2)));

        Assert.Equal("c0", ex.ParamName);
        Assert.Contains("expected [2, 3, 2]", ex.Message);
        Assert.Contains("got [2, 2, 2]", ex.Message);
    }

    [Theory]
    [InlineData(LayerKind.RnnTanh)]
    [InlineData(LayerKind.Gru)]
    public void Forward_CellStateForLayerWithoutOne_Throws(LayerKind kind)
    {
        var layer = SequenceLayers.Create(kind, TwoLayers, new Rng(1));

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor<double>(5, 3, 4), c0: new Tensor<double>(2, 3, 2)));

        Assert.Equal("c0", ex.ParamName);
        Assert.Contains($"{layer.Name} c0: expected null", ex.Message);
        Assert.Contains("[2, 3, 2]", ex.Message);
    }

    [Fact]
    public void Forward_WrongNumberOfLengths_NamesBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Lstm<double>(TwoLayers, new Rng(1)).Forward(new Tensor<double>(5, 3, 4), [5, 2]));

        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("expected 3 lengths", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Forward_LengthOutsideOneToT_NamesRangeAndValue(int bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Rnn<double>(TwoLayers, new Rng(1)).Forward(new Tensor<double>(5, 3, 4), [5, bad, 1]));

        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("lengths[1]: expected a length in [1, 5]", ex.Message);
        Assert.Contains($"got {bad}", ex.Message);
    }

    [Fact]
    public void Backward_BeforeForward_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Gru<double>(TwoLayers, new Rng(1)).Backward(new Tensor<double>(5, 3, 2)));

        Assert.Contains("Gru Backward", ex.Message);
        Assert.Contains("Forward first", ex.Message);
    }

    [Theory]
    [InlineData(true, "[5, 3, 2]", new[] { 5, 3, 3 })]
    [InlineData(false, "[3, 2]", new[] { 5, 3, 2 })]
    public void Backward_WrongOutputGradShape_NamesOutputGradAndShapes(bool returnSequences, string expected, int[] shape)
    {
        var layer = new Lstm<double>(TwoLayers with { ReturnSequences = returnSequences }, new Rng(1));
        layer.Forward(new Tensor<double>(5, 3, 4));

        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(new Tensor<double>(shape)));

        Assert.Equal("outputGrad", ex.ParamName);
        Assert.Contains($"expected {expected}", ex.Message);
        Assert.Contains($"got {Tensor<double>.Format(shape)}", ex.Message);
    }

    [Fact]
    public void Backward_WrongStateGradShapes_NameTheArgument()
    {
        var lstm = new Lstm<double>(TwoLayers, new Rng(1));
        lstm.Forward(new Tensor<double>(5, 3, 4));
        var gru = new Gru<double>(TwoLayers, new Rng(1));
        gru.Forward(new Tensor<double>(5, 3, 4));
        var outputGrad = new Tensor<double>(5, 3, 2);

        var hidden = Assert.Throws<ArgumentException>(() => lstm.Backward(outputGrad, new Tensor<double>(1, 3, 2)));
        var cell = Assert.Throws<ArgumentException>(() => lstm.Backward(outputGrad, null, new Tensor<double>(2, 3, 3)));
        var none = Assert.Throws<ArgumentException>(() => gru.Backward(outputGrad, null, new Tensor<double>(2, 3, 2)));

        Assert.Equal("hiddenStateGrad", hidden.ParamName);
        Assert.Contains("expected [2, 3, 2]", hidden.Message);
        Assert.Contains("got [1, 3, 2]", hidden.Message);
        Assert.Equal("cellStateGrad", cell.ParamName);
        Assert.Contains("got [2, 3, 3]", cell.Message);
        Assert.Equal("cellStateGrad", none.ParamName);
    }

    [Theory]
    [InlineData(0, 2, 1, "inputSize")]
    [InlineData(3, 0, 1, "hiddenSize")]
    [InlineData(3, -2, 1, "hiddenSize")]
    [InlineData(3, 2, 0, "numLayers")]
    public void Constructor_NonPositiveSize_NamesOption(int inputSize, int hiddenSize, int numLayers, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Lstm<double>(new RecurrentOptions(inputSize, hiddenSize) { NumLayers = numLayers }, new Rng(1)));

        Assert.Equal(name, ex.ParamName);
        Assert.Contains($"Lstm {name}: expected a positive integer", ex.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Constructor_DropoutOutsideZeroToOne_NamesDropout(double dropout)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Gru<double>(new RecurrentOptions(3, 2) { NumLayers = 2, Dropout = dropout }, new Rng(1)));

        Assert.Equal("dropout", ex.ParamName);
        Assert.Contains("expected a value in [0, 1)", ex.Message);
        Assert.Contains($"got {dropout}", ex.Message);
    }

    [Fact]
    public void Constructor_ReluForLstm_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new Lstm<double>(new RecurrentOptions(3, 2) { Nonlinearity = RnnNonlinearity.Relu }, new Rng(1)));

        Assert.Equal("nonlinearity", ex.ParamName);
        Assert.Contains("expected Tanh", ex.Message);
        Assert.Contains("got Relu", ex.Message);
    }

    [Fact]
    public void Steps_LayerOutOfRange_NamesLayer()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn<double>(TwoLayers, new Rng(1)).Steps(2, 0));

        Assert.Equal("layer", ex.ParamName);
        Assert.Contains("expected [0, 2), got 2", ex.Message);
    }
}
