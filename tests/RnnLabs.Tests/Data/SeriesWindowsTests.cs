using RnnLabs.Data;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Data;

public class SeriesWindowsTests
{
    /// <summary>y_t = 100 + t, so a value names its own time step.</summary>
    private static Tensor<double> Ramp(int n) =>
        Tensor<double>.FromArray(Enumerable.Range(0, n).Select(t => 100.0 + t).ToArray(), n);

    [Fact]
    public void Windows_CountAndContents_FollowStride()
    {
        var windows = new SeriesWindows<double>(Ramp(10), window: 3, horizon: 2, stride: 2);
        // ⌊(10 − 3 − 2) / 2⌋ + 1 = 3 windows, starting at 0, 2, 4.
        Assert.Equal(3, windows.Count);
        Assert.Equal([100.0, 101, 102], windows.Input(0).ToArray());
        Assert.Equal([103.0, 104], windows.Target(0).ToArray());
        Assert.Equal([104.0, 105, 106], windows.Input(2).ToArray());
        Assert.Equal([107.0, 108], windows.Target(2).ToArray());
        Assert.Equal([3, 1], windows.Input(2).Shape.ToArray());
    }

    [Fact]
    public void MultiFeatureSeries_TargetsComeFromTargetFeature()
    {
        // Row t = [t, 10·t].
        var series = Tensor<double>.FromArray(Enumerable.Range(0, 6).SelectMany(t => new[] { t, 10.0 * t }).ToArray(), 6, 2);
        var windows = new SeriesWindows<double>(series, window: 2, horizon: 1, targetFeature: 1);
        Assert.Equal(4, windows.Count);
        Assert.Equal([1.0, 10, 2, 20], windows.Input(1).ToArray());
        Assert.Equal([30.0], windows.Target(1).ToArray());
    }

    [Fact]
    public void Batch_StacksWindowsTimeMajor()
    {
        var windows = new SeriesWindows<double>(Ramp(8), window: 3, horizon: 2);
        var (inputs, targets) = windows.Batch([2, 0]);
        Assert.Equal([3, 2, 1], inputs.Shape.ToArray());
        Assert.Equal([2, 2], targets.Shape.ToArray());
        // inputs[t, b, 0]: column 0 is window 2 (starts at 102), column 1 is window 0 (starts at 100).
        Assert.Equal([102.0, 100, 103, 101, 104, 102], inputs.ToArray());
        Assert.Equal([105.0, 106, 103, 104], targets.ToArray());
    }

    [Fact]
    public void SeriesShorterThanWindowPlusHorizon_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SeriesWindows<double>(Ramp(4), window: 3, horizon: 2));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("window + horizon = 5", ex.Message);
        Assert.Contains("got 4", ex.Message);
    }

    [Fact]
    public void Batch_IndexOutOfRange_Throws()
    {
        var windows = new SeriesWindows<double>(Ramp(8), window: 3, horizon: 2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => windows.Batch([0, 4]));
        Assert.Equal("indices", ex.ParamName);
        Assert.Contains("[0, 4)", ex.Message);
        Assert.Contains("got 4", ex.Message);
    }

    [Fact]
    public void NonFiniteSeries_Throws()
    {
        var series = Tensor<double>.FromArray([1, 2, double.NaN, 4], 4);
        var ex = Assert.Throws<ArgumentException>(() => new SeriesWindows<double>(series, window: 2));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void TargetFeatureOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesWindows<double>(new Tensor<double>(6, 2), 2, targetFeature: 2));
        Assert.Equal("targetFeature", ex.ParamName);
        Assert.Contains("[0, 1]", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }
}
