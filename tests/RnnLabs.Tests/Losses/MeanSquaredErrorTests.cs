using RnnLabs.Diagnostics;
using RnnLabs.Losses;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Losses;

public class MeanSquaredErrorTests
{
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void MeanSquaredError_Gradient_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: false);

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void MeanSquaredError_GradientWithMask_MatchesFiniteDifferences(ulong seed) =>
        AssertGradientMatches(seed, withMask: true);

    [Fact]
    public void MeanSquaredError_MatchesScalarEquations_WithAndWithoutMask()
    {
        double[] p = [1, 2, -3, 0.5, 4];
        double[] y = [0.5, 2, 1, -1, 3.25];
        double[] m = [1, 1, 0, 1, 1];
        var loss = new MeanSquaredError<double>();

        foreach (bool masked in new[] { false, true })
        {
            double n = 0, sum = 0;
            for (int i = 0; i < p.Length; i++)
            {
                if (!masked || m[i] == 1)
                {
                    sum += (p[i] - y[i]) * (p[i] - y[i]);
                    n++;
                }
            }

            var result = loss.Compute(Tensor<double>.FromArray(p, 5), Tensor<double>.FromArray(y, 5),
                masked ? Tensor<double>.FromArray(m, 5) : null);

            Assert.True(Math.Abs(sum / n - result.Value) < 1e-10, $"masked={masked}: {result.Value} vs {sum / n}");
            for (int i = 0; i < p.Length; i++)
            {
                double expected = !masked || m[i] == 1 ? 2 * (p[i] - y[i]) / n : 0;
                Assert.True(Math.Abs(expected - result.Gradient.At(i)) < 1e-10, $"masked={masked}, gradient {i}");
            }
        }
    }

    [Fact]
    public void MeanSquaredError_ShapeMismatch_NamesTargetAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new MeanSquaredError<double>().Compute(new Tensor<double>(2, 3), new Tensor<double>(3, 2)));

        Assert.Equal("target", ex.ParamName);
        Assert.Contains("expected [2, 3]", ex.Message);
        Assert.Contains("got [3, 2]", ex.Message);
    }

    [Fact]
    public void MeanSquaredError_NonFiniteTarget_NamesTargetValueAndPosition()
    {
        var target = Tensor<double>.FromArray([0, 0, 0, double.PositiveInfinity], 2, 2);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MeanSquaredError<double>().Compute(new Tensor<double>(2, 2), target));

        Assert.Equal("target", ex.ParamName);
        Assert.Contains("finite", ex.Message);
        Assert.Contains("at position [1, 1]", ex.Message);
    }

    private static void AssertGradientMatches(ulong seed, bool withMask)
    {
        var rng = new Rng(seed);
        var p = rng.Uniform<double>(-1, 1, 3, 4);
        var y = rng.Uniform<double>(-1, 1, 3, 4);
        var mask = withMask ? LossTestData.RandomMask(rng, 3, 4) : null;
        var loss = new MeanSquaredError<double>();
        var gradient = loss.Compute(p, y, mask).Gradient;

        var report = GradCheck.Compare(() => loss.Compute(p, y, mask).Value, [("prediction", p, gradient)]);

        Assert.True(report.Passed(), report.ToString());
    }
}
