using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Optim;

public class GradientClippingTests
{
    /// <summary>Three parameters with gradients ~ U(−scale, scale).</summary>
    private static Parameter<double>[] WithGradients(ulong seed, double scale)
    {
        var rng = new Rng(seed);
        Parameter<double>[] parameters =
        [
            new("weight_ih_l0", new Tensor<double>(8, 5)),
            new("weight_hh_l0", new Tensor<double>(8, 2)),
            new("bias_ih_l0", new Tensor<double>(8)),
        ];
        foreach (var p in parameters)
        {
            rng.FillUniform(p.Grad.AsSpan(), -scale, scale);
        }

        return parameters;
    }

    private static double GlobalNorm(IEnumerable<double[]> grads) => Math.Sqrt(grads.Sum(g => g.Sum(x => x * x)));

    [Fact]
    public void ClipByGlobalNorm_ReturnsPreClipNorm()
    {
        var parameters = WithGradients(1, 3);
        double expected = GlobalNorm(parameters.Select(p => p.Grad.ToArray()));

        double norm = GradientClipping.ClipByGlobalNorm(parameters, 1.0);

        Assert.True(Math.Abs(norm - expected) <= 1e-12 * expected, $"returned {norm:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    public void ClipByGlobalNorm_AboveThreshold_ScalesToMaxNormKeepingEachDirection(double maxNorm)
    {
        var parameters = WithGradients(2, 3);
        var before = parameters.Select(p => p.Grad.ToArray()).ToArray();

        GradientClipping.ClipByGlobalNorm(parameters, maxNorm);

        var after = parameters.Select(p => p.Grad.ToArray()).ToArray();
        double clipped = GlobalNorm(after);
        Assert.True(Math.Abs(clipped - maxNorm) <= 1e-6 * maxNorm, $"norm after clipping {clipped:R}, maxNorm {maxNorm}");
        for (int k = 0; k < before.Length; k++)
        {
            double dot = before[k].Zip(after[k], (x, y) => x * y).Sum();
            double cosine = dot / (GlobalNorm([before[k]]) * GlobalNorm([after[k]]));
            Assert.True(Math.Abs(cosine - 1) < 1e-12, $"{parameters[k].Name}: cosine {cosine:R}");
        }
    }

    [Fact]
    public void ClipByGlobalNorm_BelowThreshold_ChangesNothing()
    {
        var parameters = WithGradients(3, 0.1);
        var before = parameters.Select(p => p.Grad.ToArray()).ToArray();
        double expected = GlobalNorm(before);

        double norm = GradientClipping.ClipByGlobalNorm(parameters, expected * 1.01);

        Assert.True(Math.Abs(norm - expected) <= 1e-12 * expected);
        for (int k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k], parameters[k].Grad.ToArray());
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ClipByGlobalNorm_NonFiniteNorm_IsReturnedAndGradientsAreUntouched(double bad)
    {
        var parameters = WithGradients(4, 3);
        parameters[1].Grad.At(3) = bad;
        var before = parameters.Select(p => p.Grad.ToArray()).ToArray();

        double norm = GradientClipping.ClipByGlobalNorm(parameters, 1.0);

        Assert.False(double.IsFinite(norm), $"returned {norm}");
        for (int k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k], parameters[k].Grad.ToArray());
        }
    }

    [Fact]
    public void ClipByGlobalNorm_Float_SumsSquaresInDouble()
    {
        var rng = new Rng(5);
        var p = new Parameter<float>("weight_hh_l0", new Tensor<float>(37, 29));
        rng.FillUniform(p.Grad.AsSpan(), -1, 1);
        double expected = Math.Sqrt(p.Grad.ToArray().Sum(g => (double)g * g));

        double norm = GradientClipping.ClipByGlobalNorm([p], 1e6);

        Assert.True(Math.Abs(norm - expected) <= 1e-14 * expected, $"returned {norm:R}, expected {expected:R}");
    }

    [Fact]
    public void ClipByValue_ClampsEachElementIntoTheInterval()
    {
        var parameters = WithGradients(6, 3);
        var before = parameters.Select(p => p.Grad.ToArray()).ToArray();

        GradientClipping.ClipByValue(parameters, 0.5);

        for (int k = 0; k < before.Length; k++)
        {
            var expected = before[k].Select(g => g > 0.5 ? 0.5 : g < -0.5 ? -0.5 : g).ToArray();
            Assert.Equal(expected, parameters[k].Grad.ToArray());
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ClipByGlobalNorm_BadMaxNorm_Throws(double maxNorm)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(WithGradients(7, 1), maxNorm));
        Assert.Equal("maxNorm", ex.ParamName);
        Assert.Contains("expected a finite value > 0", ex.Message);
        Assert.Contains($"got {maxNorm}", ex.Message);
    }

    [Fact]
    public void ClipByValue_BadClipValue_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue(WithGradients(8, 1), -0.5));
        Assert.Equal("clipValue", ex.ParamName);
        Assert.Contains("expected a finite value > 0", ex.Message);
        Assert.Contains("got -0.5", ex.Message);
    }
}
