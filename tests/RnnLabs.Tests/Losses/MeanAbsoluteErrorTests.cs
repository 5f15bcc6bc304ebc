using RnnLabs.Diagnostics;
using RnnLabs.Losses;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Losses;

public class MeanAbsoluteErrorTests
{
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void MeanAbsoluteError_Gradient_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: false);

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void MeanAbsoluteError_GradientWithMask_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: true);

    [Fact]
    public void MeanAbsoluteError_MatchesScalarEquations_WithZeroSubgradientAtTies()
    {
        double[] p = [1, 2, -3, 0.5, 4];
        double[] y = [0.5, 2, 1, -1, 3.25];
        var result = new MeanAbsoluteError<double>().Compute(Tensor<double>.FromArray(p, 5), Tensor<double>.FromArray(y, 5));

        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Math.Abs(p[i] - y[i]);
        }

        Assert.True(Math.Abs(sum / 5 - result.Value) < 1e-10, $"{result.Value} vs {sum / 5}");
        double[] expectedGradient = [0.2, 0, -0.2, 0.2, 0.2];
        for (int i = 0; i < p.Length; i++)
        {
            Assert.True(Math.Abs(expectedGradient[i] - result.Gradient.At(i)) < 1e-10, $"gradient {i}: {result.Gradient.At(i)}");
        }
    }

    [Fact]
    public void MeanAbsoluteError_NonFinitePrediction_NamesPrediction()
    {
        var prediction = Tensor<double>.FromArray([0, double.NaN, 0], 3);

        var ex = Assert.Throws<ArgumentException>(() => new MeanAbsoluteError<double>().Compute(prediction, new Tensor<double>(3)));

        Assert.Equal("prediction", ex.ParamName);
        Assert.Contains("finite", ex.Message);
        Assert.Contains("NaN", ex.Message);
    }

    private static void AssertGradientMatches(ulong seed, bool withMask)
    {
        var rng = new Rng(seed);
        var p = rng.Uniform<double>(-1, 1, 3, 4);
        var y = rng.Uniform<double>(-1, 1, 3, 4);
        var mask = withMask ? LossTestData.RandomMask(rng, 3, 4) : null;
        var loss = new MeanAbsoluteError<double>();
        var gradient = loss.Compute(p, y, mask).Gradient;

        // |p − y| is smooth away from p = y; random draws keep every element far from the kink relative to ε = 1e-6.
        var report = GradCheck.Compare(() => loss.Compute(p, y, mask).Value, [("prediction", p, gradient)]);

        Assert.True(report.Passed(), report.ToString());
    }
}
