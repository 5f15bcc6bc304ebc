using RnnLabs.Diagnostics;
using RnnLabs.Losses;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Losses;

public class SoftmaxCrossEntropyTests
{
    public static TheoryData<ulong, string> SeedsAndVariants()
    {
        var data = new TheoryData<ulong, string>();
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4, 5 })
        {
            data.Add(seed, "plain");
            data.Add(seed, "mask");
            data.Add(seed, "ignoreIndex");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndVariants))]
    public void SoftmaxCrossEntropy_Gradient_MatchesFiniteDifferences(ulong seed, string variant)
    {
        var rng = new Rng(seed);
        var logits = rng.Uniform<double>(-2, 2, 3, 2, 5);
        var target = new Tensor<double>(3, 2);
        for (int i = 0; i < target.Length; i++)
        {
            target.At(i) = rng.NextInt(5);
        }

        var mask = variant == "mask" ? LossTestData.RandomMask(rng, 3, 2) : null;
        if (variant == "ignoreIndex")
        {
            target[1, 0] = -100;
        }

        var loss = new SoftmaxCrossEntropy<double>();
        var gradient = loss.Compute(logits, target, mask).Gradient;
        if (variant == "ignoreIndex")
        {
            Assert.All(gradient[1][0].ToArray(), g => Assert.Equal(0.0, g));
        }

        var report = GradCheck.Compare(() => loss.Compute(logits, target, mask).Value, [("prediction", logits, gradient)]);

        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void SoftmaxCrossEntropy_MatchesClosedForms_IncludingLogitsOf1000()
    {
        double[] logits =
        [
            1, 2, 3,
            1000, 0, -1000,
            1000, 1000, 0,
            -1000, -1000, -999,
        ];
        double[] target = [2, 0, 1, 2];
        var result = new SoftmaxCrossEntropy<double>().Compute(Tensor<double>.FromArray(logits, 4, 3), Tensor<double>.FromArray(target, 4));

        // Row 0 straight from the definition −log(e^3 / Σ e^z). The others in closed form, exact to double precision:
        // e^−1000 is far below 1e−16 next to 1, so row 1 costs 0, row 2 costs log 2, and row 3 (shift by 999) log(2e^−1 + 1).
        double e = Math.E;
        double[] losses = [-Math.Log(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3))), 0, Math.Log(2), Math.Log(2 / e + 1)];
        double[,] softmax =
        {
            { Math.Exp(1) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) },
            { 1, 0, 0 },
            { 0.5, 0.5, 0 },
            { 1 / (2 + e), 1 / (2 + e), e / (2 + e) },
        };

        Assert.True(double.IsFinite(result.Value) && result.Gradient.AllFinite(), "large logits must not give NaN or infinity");
        Assert.True(Math.Abs(losses.Average() - result.Value) < 1e-10, $"{result.Value} vs {losses.Average()}");
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                double expected = (softmax[r, c] - (c == (int)target[r] ? 1 : 0)) / 4;
                Assert.True(Math.Abs(expected - result.Gradient[r, c]) < 1e-10, $"gradient [{r}, {c}]: {result.Gradient[r, c]} vs {expected}");
            }
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_LargeLogitsInFloat_StayFinite()
    {
        var logits = Tensor<float>.FromArray([1000f, -1000f, 0f, 3e38f, -3e38f, 0f], 2, 3);
        var target = Tensor<float>.FromArray([1f, 1f], 2);

        var result = new SoftmaxCrossEntropy<float>().Compute(logits, target);

        Assert.True(double.IsFinite(result.Value), $"{result.Value}");
        Assert.True(result.Gradient.AllFinite(), result.Gradient.ToString());
    }

    [Fact]
    public void SoftmaxCrossEntropy_LogSoftmax_MatchesDefinitionAndStaysFiniteAt1000()
    {
        var logp = SoftmaxCrossEntropy<double>.LogSoftmax(Tensor<double>.FromArray([1, 2, 3, 1000, 1000, 0], 2, 3));

        double lse = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        double[] expected = [1 - lse, 2 - lse, 3 - lse, -Math.Log(2), -Math.Log(2), -1000 - Math.Log(2)];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - logp.At(i)) < 1e-10, $"log p {i}: {logp.At(i)} vs {expected[i]}");
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_ShapeMismatch_NamesTargetAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SoftmaxCrossEntropy<double>().Compute(new Tensor<double>(2, 3, 5), new Tensor<double>(2, 4)));

        Assert.Equal("target", ex.ParamName);
        Assert.Contains("expected [2, 3]", ex.Message);
        Assert.Contains("[2, 3, 5]", ex.Message);
        Assert.Contains("got [2, 4]", ex.Message);
    }

    [Theory]
    [InlineData(5.0, "5")]
    [InlineData(-1.0, "-1")]
    [InlineData(2.5, "2.5")]
    public void SoftmaxCrossEntropy_InvalidClassId_NamesTargetIdPositionAndClassCount(double id, string idText)
    {
        var target = Tensor<double>.FromArray([0, 1, 2, 3, 4, id], 2, 3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SoftmaxCrossEntropy<double>().Compute(new Tensor<double>(2, 3, 5), target));

        Assert.Equal("target", ex.ParamName);
        Assert.Contains($"got {idText} at position [1, 2]", ex.Message);
        Assert.Contains("[0, 5)", ex.Message);
        Assert.Contains("C = 5", ex.Message);
    }

    [Fact]
    public void SoftmaxCrossEntropy_NonFiniteLogit_NamesPrediction()
    {
        var logits = new Tensor<double>(2, 3);
        logits[1, 1] = double.PositiveInfinity;

        var ex = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy<double>().Compute(logits, new Tensor<double>(2)));

        Assert.Equal("prediction", ex.ParamName);
        Assert.Contains("finite", ex.Message);
        Assert.Contains("Infinity", ex.Message);
    }

    [Fact]
    public void SoftmaxCrossEntropy_CustomIgnoreIndex_SkipsThosePositions()
    {
        var logits = new Rng(6).Uniform<double>(-1, 1, 3, 4);
        var loss = new SoftmaxCrossEntropy<double>(ignoreIndex: 0);

        var withIgnored = loss.Compute(logits, Tensor<double>.FromArray([2, 0, 3], 3));
        var withoutRow = loss.Compute(Tensor<double>.FromArray([.. logits[0].ToArray(), .. logits[2].ToArray()], 2, 4),
            Tensor<double>.FromArray([2, 3], 2));

        Assert.True(Math.Abs(withoutRow.Value - withIgnored.Value) < 1e-12, $"{withIgnored.Value} vs {withoutRow.Value}");
    }
}
