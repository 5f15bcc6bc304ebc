using System.Runtime.CompilerServices;

namespace RnnLabs.Interactive.Tests;

public class CheckTests
{
    [Fact]
    public void That_False_ThrowsWithTheCallersLine()
    {
        var (e, line) = (Assert.Throws<CheckFailedException>(() => Check.That(false, "two is three")), Line());

        Assert.Equal($"check failed at cell line {line}: two is three", e.Message);
        Assert.Equal(line, e.Line);
        Assert.Equal("two is three", e.Claim);
    }

    [Fact]
    public void That_True_Passes() => Check.That(true, "holds");

    [Fact]
    public void Close_WithinTolerance_Passes() => Check.Close(0.2500001, 0.25, 1e-6, "σ′(0)");

    [Fact]
    public void Close_OutsideTolerance_ThrowsWithExpectedActualAndLine()
    {
        var (e, line) = (Assert.Throws<CheckFailedException>(() => Check.Close(0.3, 0.25, 1e-3, "σ′(0)")), Line());

        Assert.Equal($"check failed at cell line {line}: σ′(0): expected 0.25 ± 0.001, got 0.3 (off by 0.05)", e.Message);
    }

    [Fact]
    public void Close_NaN_Fails()
    {
        var e = Assert.Throws<CheckFailedException>(() => Check.Close(double.NaN, 0, 1, "x"));

        Assert.Contains("got NaN", e.Message);
    }

    [Fact]
    public void Close_NegativeTolerance_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Check.Close(1, 1, -1, "x"));

        Assert.Equal("tolerance", e.ParamName);
        Assert.Contains("got -1", e.Message);
    }

    [Fact]
    public void Below_AndAbove_PassOnTheRightSideAndFailOtherwise()
    {
        Check.Below(0.004, 0.01, "LSTM MSE");
        Check.Above(12, 10, "norm at ρ = 3");

        var below = Assert.Throws<CheckFailedException>(() => Check.Below(0.07, 0.01, "RNN MSE"));
        var above = Assert.Throws<CheckFailedException>(() => Check.Above(double.NaN, 10, "norm"));

        Assert.Contains("RNN MSE: expected below 0.01, got 0.07", below.Message);
        Assert.Contains("norm: expected above 10, got NaN", above.Message);
    }

    private static int Line([CallerLineNumber] int line = 0) => line;
}
