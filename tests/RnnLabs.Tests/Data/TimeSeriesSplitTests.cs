using RnnLabs.Data;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Data;

public class TimeSeriesSplitTests
{
    [Fact]
    public void ByFractions_SummingToOne_GivesRemainderToTest_InTimeOrder()
    {
        var split = TimeSeriesSplit.ByFractions(10, 0.7, 0.15, 0.15);
        // ⌊7⌋ = 7, ⌊1.5⌋ = 1, test takes the remaining 2.
        Assert.Equal((7, 1, 2), (split.TrainCount, split.ValidationCount, split.TestCount));
        var (train, validation, test) = split.Apply<int>([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], train);
        Assert.Equal([7], validation);
        Assert.Equal([8, 9], test);
    }

    [Fact]
    public void ByFractions_SummingBelowOne_LeavesTailUnused()
    {
        var split = TimeSeriesSplit.ByFractions(100, 0.5, 0.2, 0.1);
        Assert.Equal((50, 20, 10), (split.TrainCount, split.ValidationCount, split.TestCount));
        Assert.Equal((70, 80), (split.Test.Start.Value, split.Test.End.Value));
    }

    [Fact]
    public void ByCounts_ApplyToTensor_KeepsRowsInOrder()
    {
        var split = TimeSeriesSplit.ByCounts(5, 2, 1, 2);
        var series = Tensor<double>.FromArray([0, 0, 1, 10, 2, 20, 3, 30, 4, 40], 5, 2);
        var (train, validation, test) = split.Apply(series);
        Assert.Equal([0.0, 0, 1, 10], train.ToArray());
        Assert.Equal([2, 2], train.Shape.ToArray());
        Assert.Equal([2.0, 20], validation.ToArray());
        Assert.Equal([3.0, 30, 4, 40], test.ToArray());
    }

    [Fact]
    public void ByFractions_SumAboveOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesSplit.ByFractions(10, 0.8, 0.2, 0.1));
        Assert.Equal("test", ex.ParamName);
        Assert.Contains("≤ 1", ex.Message);
        Assert.Contains("= 1.1", ex.Message);
    }

    [Fact]
    public void ByFractions_EmptyBlock_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesSplit.ByFractions(10, 0.8, 0.05, 0.15));
        Assert.Equal("validation", ex.ParamName);
        Assert.Contains("non-empty", ex.Message);
        Assert.Contains("got 0 steps", ex.Message);
    }

    [Fact]
    public void ByFractions_ZeroFraction_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesSplit.ByFractions(3, 0.5, 0.5, 0));
        Assert.Equal("test", ex.ParamName);
        Assert.Contains("(0, 1]", ex.Message);
        Assert.Contains("got 0", ex.Message);
    }

    [Fact]
    public void ByCounts_SumAboveLength_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeriesSplit.ByCounts(10, 6, 3, 2));
        Assert.Equal("test", ex.ParamName);
        Assert.Contains("length = 10", ex.Message);
        Assert.Contains("= 11", ex.Message);
    }

    [Fact]
    public void Apply_WrongLength_Throws()
    {
        var split = TimeSeriesSplit.ByCounts(5, 2, 1, 2);
        var ex = Assert.Throws<ArgumentException>(() => split.Apply(new Tensor<double>(6, 2)));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("expected 5 steps", ex.Message);
        Assert.Contains("[6, 2]", ex.Message);
    }
}
