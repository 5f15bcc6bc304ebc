using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class BatchTests
{
    [Fact]
    public void Mask_WrongShape_NamesArgumentAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Batch<double>(new Tensor<double>(3, 1), new Tensor<double>(3, 1), new Tensor<double>(4, 1)));

        Assert.Equal("mask", ex.ParamName);
        Assert.Contains("expected [3, 1]", ex.Message);
        Assert.Contains("got [4, 1]", ex.Message);
    }

    [Fact]
    public void Mask_NotZeroOrOne_NamesValueAndIndex()
    {
        var mask = Tensor<double>.FromArray([1.0, 0.5, 0.0], 3, 1);

        var ex = Assert.Throws<ArgumentException>(() => new Batch<double>(new Tensor<double>(3, 1), new Tensor<double>(3, 1), mask));

        Assert.Equal("mask", ex.ParamName);
        Assert.Contains("got 0.5 at flat index 1", ex.Message);
    }

    [Fact]
    public void Lengths_WrongCount_NamesExpectedAndActual()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Batch<double>(new Tensor<double>(4, 2, 1), new Tensor<double>(4, 2, 1), lengths: [1, 2, 3]));

        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("expected 2 lengths", ex.Message);
        Assert.Contains("got 3", ex.Message);
    }

    [Fact]
    public void Lengths_LongerThanTheSequence_NamesRangeAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Batch<double>(new Tensor<double>(4, 2, 1), new Tensor<double>(4, 2, 1), lengths: [4, 5]));

        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("[1, 4]", ex.Message);
        Assert.Contains("got 5 at index 1", ex.Message);
    }

    [Fact]
    public void CountedElements_IsTheMaskSumOrTheTargetSize()
    {
        var target = new Tensor<double>(3, 2);

        Assert.Equal(6, new Batch<double>(new Tensor<double>(3, 2), target).CountedElements);
        Assert.Equal(2, new Batch<double>(new Tensor<double>(3, 2), target, Tensor<double>.FromArray([1.0, 0, 0, 1, 0, 0], 3, 2)).CountedElements);
    }
}
