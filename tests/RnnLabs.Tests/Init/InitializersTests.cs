using RnnLabs.Init;
using RnnLabs.Layers;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Init;

public class InitializersTests
{
    /// <summary>max |(MᵀM or MMᵀ) − gain²·I| over the smaller Gram matrix of W viewed as [rows, cols].</summary>
    private static double GramDeviation(Tensor<double> w, double gain)
    {
        int rows = w.Size(0);
        int cols = w.Length / rows;
        var m = w.AsSpan();
        bool tall = rows >= cols;
        int n = Math.Min(rows, cols);
        int k = Math.Max(rows, cols);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++)
                {
                    sum += tall ? m[l * cols + i] * m[l * cols + j] : m[i * cols + l] * m[j * cols + l];
                }

                worst = Math.Max(worst, Math.Abs(sum - (i == j ? gain * gain : 0)));
            }
        }

        return worst;
    }

    private static (double Mean, double Variance) Moments(Tensor<double> t)
    {
        var x = t.ToArray();
        double mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    public static TheoryData<ulong, int[]> SeedsAndShapes()
    {
        var data = new TheoryData<ulong, int[]>();
        foreach (ulong seed in Probe.Seeds)
        {
            data.Add(seed, [32, 32]);
            data.Add(seed, [64, 16]);
            data.Add(seed, [8, 24]);
            data.Add(seed, [6, 2, 3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndShapes))]
    public void Orthogonal_GramMatrixIsIdentity(ulong seed, int[] shape)
    {
        var w = new Tensor<double>(shape);
        Initializers.Orthogonal(w, new Rng(seed));
        double deviation = GramDeviation(w, 1);
        Assert.True(deviation < 1e-10, $"{w.ShapeString}: max |Gram − I| = {deviation:E3}");
    }

    [Fact]
    public void Orthogonal_GainScalesTheGramMatrix()
    {
        var w = new Tensor<double>(40, 10);
        Initializers.Orthogonal(w, new Rng(9), gain: 1.7);
        double deviation = GramDeviation(w, 1.7);
        Assert.True(deviation < 1e-10, $"max |WᵀW − 1.7²·I| = {deviation:E3}");
    }

    [Fact]
    public void Orthogonal_EntriesHaveHaarMoments()
    {
        // For a Haar-distributed n×n orthogonal matrix, E[W_ij] = 0 and E[W_ij²] = 1/n for every position; a QR without
        // sign correction would bias the diagonal towards one sign.
        const int n = 4;
        const int draws = 4000;
        var rng = new Rng(10);
        var sum = new double[n * n];
        var sumOfSquares = new double[n * n];
        var w = new Tensor<double>(n, n);
        for (int d = 0; d < draws; d++)
        {
            Initializers.Orthogonal(w, rng);
            var x = w.AsSpan();
            for (int i = 0; i < x.Length; i++)
            {
                sum[i] += x[i];
                sumOfSquares[i] += x[i] * x[i];
            }
        }

        for (int i = 0; i < n * n; i++)
        {
            Assert.True(Math.Abs(sum[i] / draws) < 0.03, $"entry {i}: mean {sum[i] / draws:F4}");
            Assert.True(Math.Abs(sumOfSquares[i] / draws - 1.0 / n) < 0.02, $"entry {i}: mean square {sumOfSquares[i] / draws:F4}");
        }
    }

    [Fact]
    public void SameSeed_GivesTheSameTensor_DifferentSeed_Another()
    {
        Tensor<double> Draw(ulong seed)
        {
            var rng = new Rng(seed);
            var w = new Tensor<double>(12, 5);
            Initializers.Orthogonal(w, rng);
            var v = new Tensor<double>(7, 3);
            Initializers.XavierUniform(v, rng);
            return Tensor<double>.FromArray([.. w.ToArray(), .. v.ToArray()], w.Length + v.Length);
        }

        Assert.Equal(Draw(21).ToArray(), Draw(21).ToArray());
        Assert.NotEqual(Draw(21).ToArray(), Draw(22).ToArray());
    }

    [Fact]
    public void Identity_SetsGainOnTheDiagonalAndZeroElsewhere()
    {
        var w = new Rng(1).Uniform<double>(-1, 1, 5, 5);
        Initializers.Identity(w, gain: 0.9);
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(i == j ? 0.9 : 0, w[i, j]);
            }
        }
    }

    [Fact]
    public void Identity_OnAGateBlockView_ChangesOnlyThatBlock()
    {
        const int h = 3;
        var w = new Rng(2).Uniform<double>(-1, 1, 4 * h, h);
        var before = w.ToArray();
        Initializers.Identity(w.Reshape(4, h, h)[2]);
        for (int r = 0; r < 4 * h; r++)
        {
            for (int c = 0; c < h; c++)
            {
                double expected = r / h == 2 ? (r % h == c ? 1 : 0) : before[r * h + c];
                Assert.Equal(expected, w[r, c]);
            }
        }
    }

    [Fact]
    public void XavierUniform_StaysInBoundsWithGlorotVariance()
    {
        var w = new Tensor<double>(300, 500);
        const double gain = 1.5;
        Initializers.XavierUniform(w, new Rng(3), gain);
        double bound = gain * Math.Sqrt(6.0 / 800);
        double variance = gain * gain * 2.0 / 800;
        var x = w.ToArray();
        Assert.All(x, v => Assert.InRange(v, -bound, bound));
        Assert.True(x.Max(Math.Abs) > 0.999 * bound, $"max |w| {x.Max(Math.Abs):G6} vs bound {bound:G6}");
        var (mean, sampleVariance) = Moments(w);
        Assert.True(Math.Abs(mean) < 0.01 * Math.Sqrt(variance), $"mean {mean:E3}");
        Assert.True(Math.Abs(sampleVariance / variance - 1) < 0.02, $"variance {sampleVariance:G6}, expected {variance:G6}");
    }

    [Fact]
    public void XavierNormal_HasGlorotVariance()
    {
        var w = new Tensor<double>(400, 200);
        Initializers.XavierNormal(w, new Rng(4));
        double variance = 2.0 / 600;
        var (mean, sampleVariance) = Moments(w);
        Assert.True(Math.Abs(mean) < 0.01 * Math.Sqrt(variance), $"mean {mean:E3}");
        Assert.True(Math.Abs(sampleVariance / variance - 1) < 0.02, $"variance {sampleVariance:G6}, expected {variance:G6}");
    }

    [Fact]
    public void KaimingUniform_HasHeVarianceForTheSlope()
    {
        var w = new Tensor<double>(200, 400);
        Initializers.KaimingUniform(w, new Rng(5), negativeSlope: 0.2);
        double variance = 2.0 / (1 + 0.04) / 400;
        double bound = Math.Sqrt(3 * variance);
        Assert.All(w.ToArray(), v => Assert.InRange(v, -bound, bound));
        var (_, sampleVariance) = Moments(w);
        Assert.True(Math.Abs(sampleVariance / variance - 1) < 0.02, $"variance {sampleVariance:G6}, expected {variance:G6}");
    }

    [Fact]
    public void PyTorchDefault_IsUniformOverOneOverSqrtH()
    {
        const int h = 64;
        var w = new Tensor<double>(4 * h, 100);
        Initializers.PyTorchDefault(w, h, new Rng(6));
        double bound = 1.0 / Math.Sqrt(h);
        Assert.All(w.ToArray(), v => Assert.InRange(v, -bound, bound));
        var (_, sampleVariance) = Moments(w);
        Assert.True(Math.Abs(sampleVariance / (bound * bound / 3) - 1) < 0.02, $"variance {sampleVariance:G6}");
    }

    [Fact]
    public void Fans_FollowPyTorchForConvolutionShapedWeights()
    {
        Assert.Equal((15, 20), Initializers.Fans(new Tensor<double>(4, 3, 5)));
        Assert.Equal((7, 12), Initializers.Fans(new Tensor<double>(12, 7)));
    }

    [Fact]
    public void ZerosAndConstant_FillEveryElement()
    {
        var w = new Rng(7).Uniform<double>(-1, 1, 3, 4);
        Initializers.Constant(w, 0.25);
        Assert.All(w.ToArray(), v => Assert.Equal(0.25, v));
        Initializers.Zeros(w);
        Assert.All(w.ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void LstmForgetGateBias_SetsExactlyTheForgetBlock()
    {
        const int h = 5;
        var rng = new Rng(8);
        var biasIh = new Parameter<double>("bias_ih_l0", rng.Uniform<double>(-1, 1, 4 * h));
        var biasHh = new Parameter<double>("bias_hh_l0", rng.Uniform<double>(-1, 1, 4 * h));
        var ih = biasIh.Value.ToArray();
        var hh = biasHh.Value.ToArray();

        Initializers.LstmForgetGateBias(biasIh, biasHh, h, 1.0);

        for (int r = 0; r < 4 * h; r++)
        {
            bool forget = r >= h && r < 2 * h;
            Assert.Equal(forget ? 1.0 : ih[r], biasIh.Value.At(r));
            Assert.Equal(forget ? 0.0 : hh[r], biasHh.Value.At(r));
        }
    }

    [Fact]
    public void LstmForgetGateBias_WrongBiasLength_NamesArgumentAndShapes()
    {
        var biasIh = new Parameter<double>("bias_ih_l0", new Tensor<double>(7));
        var biasHh = new Parameter<double>("bias_hh_l0", new Tensor<double>(8));
        var ex = Assert.Throws<ArgumentException>(() => Initializers.LstmForgetGateBias(biasIh, biasHh, 2, 1.0));
        Assert.Equal("biasIh", ex.ParamName);
        Assert.Contains("expected [8]", ex.Message);
        Assert.Contains("got [7]", ex.Message);
    }

    [Fact]
    public void Xavier_OnAVector_NamesArgumentAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializers.XavierUniform(new Tensor<double>(5), new Rng(1)));
        Assert.Equal("tensor", ex.ParamName);
        Assert.Contains("expected a tensor of rank >= 2", ex.Message);
        Assert.Contains("got [5]", ex.Message);
    }

    [Fact]
    public void Orthogonal_NonFiniteGain_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Orthogonal(new Tensor<double>(3, 3), new Rng(1), double.NaN));
        Assert.Equal("gain", ex.ParamName);
        Assert.Contains("expected a finite value", ex.Message);
        Assert.Contains("got NaN", ex.Message);
    }

    [Fact]
    public void PyTorchDefault_NonPositiveHiddenSize_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.PyTorchDefault(new Tensor<double>(3), 0, new Rng(1)));
        Assert.Equal("hiddenSize", ex.ParamName);
        Assert.Contains("expected a positive integer", ex.Message);
        Assert.Contains("got 0", ex.Message);
    }
}
