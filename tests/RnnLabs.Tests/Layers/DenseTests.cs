using RnnLabs.Diagnostics;
using RnnLabs.Layers;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Layers;

public class DenseTests
{
    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void Dense_Backward_MatchesFiniteDifferences_ForRank2Input(ulong seed) => AssertGradientsMatch(seed, [4, 3]);

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void Dense_Backward_MatchesFiniteDifferences_ForTimeMajorRank3Input(ulong seed) => AssertGradientsMatch(seed, [3, 2, 3]);

    [Fact]
    public void Dense_Forward_MatchesScalarEquations_OverLastAxis()
    {
        var rng = new Rng(11);
        var dense = new Dense<double>(3, 2, rng);
        var x = rng.Uniform<double>(-1, 1, 4, 2, 3);
        var y = dense.Forward(x);
        var w = dense.Weight.Value;
        var b = dense.Bias.Value;

        Assert.Equal([4, 2, 2], y.Shape.ToArray());
        for (int t = 0; t < 4; t++)
        {
            for (int n = 0; n < 2; n++)
            {
                for (int j = 0; j < 2; j++)
                {
                    double expected = b.At(j);
                    for (int i = 0; i < 3; i++)
                    {
                        expected += x[t, n, i] * w[j, i];
                    }

                    Assert.True(Math.Abs(expected - y[t, n, j]) < 1e-10, $"y[{t}, {n}, {j}] = {y[t, n, j]}, expected {expected}");
                }
            }
        }
    }

    [Fact]
    public void Dense_Backward_AccumulatesIntoParameterGradients()
    {
        var rng = new Rng(2);
        var dense = new Dense<double>(3, 2, rng);
        var x = rng.Uniform<double>(-1, 1, 5, 3);
        var dy = rng.Uniform<double>(-1, 1, 5, 2);
        dense.Forward(x);
        dense.Backward(dy);
        var once = dense.Weight.Grad.ToArray();
        dense.Backward(dy);

        var twice = dense.Weight.Grad.ToArray();
        for (int i = 0; i < once.Length; i++)
        {
            Assert.True(Math.Abs(2 * once[i] - twice[i]) < 1e-12, $"weight grad {i}: {twice[i]} after two calls, {once[i]} after one");
        }
    }

    [Fact]
    public void Dense_Init_IsUniformWithinPyTorchBound()
    {
        var dense = new Dense<double>(16, 64, new Rng(4));
        double bound = 1 / Math.Sqrt(16);
        var weights = dense.Weight.Value.ToArray().Concat(dense.Bias.Value.ToArray()).ToArray();

        Assert.All(weights, v => Assert.InRange(v, -bound, bound));
        Assert.True(weights.Max() > 0.9 * bound && weights.Min() < -0.9 * bound, "weights should spread over the whole interval");
    }

    [Fact]
    public void Dense_Forward_WrongLastAxis_NamesInputAndShapes()
    {
        var dense = new Dense<double>(4, 2, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(new Tensor<double>(2, 3, 5)));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("[..., 4]", ex.Message);
        Assert.Contains("[2, 3, 5]", ex.Message);
    }

    [Fact]
    public void Dense_Backward_WrongGradientShape_NamesOutputGradAndShapes()
    {
        var dense = new Dense<double>(4, 2, new Rng(1));
        dense.Forward(new Tensor<double>(3, 4));
        var ex = Assert.Throws<ArgumentException>(() => dense.Backward(new Tensor<double>(3, 4)));
        Assert.Equal("outputGrad", ex.ParamName);
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);
    }

    private static void AssertGradientsMatch(ulong seed, int[] inputShape)
    {
        var rng = new Rng(seed);
        var dense = new Dense<double>(3, 5, rng);
        var x = rng.Uniform<double>(-1, 1, inputShape);
        var r = Probe.Weights(rng, dense.Forward(x));
        var dx = dense.Backward(r);

        var report = GradCheck.Compare(() => Probe.Dot(dense.Forward(x), r), dense, ("input", x, dx));

        Assert.True(report.Passed(), report.ToString());
    }
}
