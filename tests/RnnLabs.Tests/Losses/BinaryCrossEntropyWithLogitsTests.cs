using RnnLabs.Diagnostics;
using RnnLabs.Losses;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Losses;

public class BinaryCrossEntropyWithLogitsTests
{
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void BinaryCrossEntropyWithLogits_Gradient_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: false);

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void BinaryCrossEntropyWithLogits_GradientWithMask_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: true);

    [Fact]
    public void BinaryCrossEntropyWithLogits_MatchesDefinition_ForModerateLogits()
    {
        double[] z = [-2, -0.5, 0, 0.7, 3];
        double[] y = [0, 1, 0.3, 1, 0.25];
        var result = new BinaryCrossEntropyWithLogits<double>().Compute(Tensor<double>.FromArray(z, 5), Tensor<double>.FromArray(y, 5));

        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double s = 1 / (1 + Math.Exp(-z[i]));
            sum += -y[i] * Math.Log(s) - (1 - y[i]) * Math.Log(1 - s);
            Assert.True(Math.Abs((s - y[i]) / 5 - result.Gradient.At(i)) < 1e-10, $"gradient {i}: {result.Gradient.At(i)}");
        }

        Assert.True(Math.Abs(sum / 5 - result.Value) < 1e-10, $"{result.Value} vs {sum / 5}");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_LargeLogits_GiveExactLimitsNotNaN()
    {
        // σ(±1000) rounds to 1 or 0, so the definition would take log 0; the limits are exact instead:
        // a confident right answer costs 0, a confident wrong one costs |z|.
        double[] z = [1000, -1000, 1000, -1000];
        double[] y = [1, 0, 0, 1];
        double[] expectedLoss = [0, 0, 1000, 1000];
        double[] expectedGradient = [0, 0, 1, -1];
        var result = new BinaryCrossEntropyWithLogits<double>().Compute(Tensor<double>.FromArray(z, 4), Tensor<double>.FromArray(y, 4));

        Assert.True(Math.Abs(expectedLoss.Average() - result.Value) < 1e-10, $"{result.Value}");
        for (int i = 0; i < z.Length; i++)
        {
            Assert.True(Math.Abs(expectedGradient[i] / 4 - result.Gradient.At(i)) < 1e-10, $"gradient {i}: {result.Gradient.At(i)}");
        }
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_LargeLogitsInFloat_StayFinite()
    {
        var z = Tensor<float>.FromArray([90f, -90f, 1e30f, -1e30f], 4);
        var y = Tensor<float>.FromArray([0f, 1f, 0f, 1f], 4);

        var result = new BinaryCrossEntropyWithLogits<float>().Compute(z, y);

        Assert.True(double.IsFinite(result.Value), $"{result.Value}");
        Assert.True(result.Gradient.AllFinite(), result.Gradient.ToString());
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    [InlineData(double.NaN)]
    public void BinaryCrossEntropyWithLogits_TargetOutsideUnitInterval_NamesTargetValueAndPosition(double bad)
    {
        var target = Tensor<double>.FromArray([0, 1, bad, 0], 2, 2);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BinaryCrossEntropyWithLogits<double>().Compute(new Tensor<double>(2, 2), target));

        Assert.Equal("target", ex.ParamName);
        Assert.Contains("[0, 1]", ex.Message);
        Assert.Contains($"got {bad} at position [1, 0]", ex.Message);
    }

    private static void AssertGradientMatches(ulong seed, bool withMask)
    {
        var rng = new Rng(seed);
        var z = rng.Uniform<double>(-3, 3, 3, 4);
        var y = rng.Uniform<double>(0, 1, 3, 4);
        var mask = withMask ? LossTestData.RandomMask(rng, 3, 4) : null;
        var loss = new BinaryCrossEntropyWithLogits<double>();
        var gradient = loss.Compute(z, y, mask).Gradient;

        var report = GradCheck.Compare(() => loss.Compute(z, y, mask).Value, [("prediction", z, gradient)]);

        Assert.True(report.Passed(), report.ToString());
    }
}
