using RnnLabs.Tensors;

namespace RnnLabs.Tests.Losses;

public class LossMaskTests
{
    [Theory]
    [MemberData(nameof(LossTestData.LossNames), MemberType = typeof(LossTestData))]
    public void Loss_WithMask_EqualsLossOverTheCountedPositionsOnly(string name)
    {
        var (loss, prediction, target) = LossTestData.Case(name, new Rng(1), 6);
        bool[] keep = [true, false, true, true, false, true];
        var mask = Tensor<double>.FromArray(keep.Select(k => k ? 1.0 : 0.0).ToArray(), 6);

        var masked = loss.Compute(prediction, target, mask);
        var subset = loss.Compute(LossTestData.Select(prediction, keep), LossTestData.Select(target, keep));

        Assert.True(Math.Abs(subset.Value - masked.Value) < 1e-12, $"{masked.Value} vs {subset.Value}");
        Assert.All(masked.Gradient[1].ToArray().Concat(masked.Gradient[4].ToArray()), g => Assert.Equal(0.0, g));
    }

    [Theory]
    [MemberData(nameof(LossTestData.LossNames), MemberType = typeof(LossTestData))]
    public void Loss_AllMasked_IsZeroWithZeroGradientNotNaN(string name)
    {
        var (loss, prediction, target) = LossTestData.Case(name, new Rng(2), 4);

        var result = loss.Compute(prediction, target, new Tensor<double>(4));

        Assert.Equal(0.0, result.Value);
        Assert.All(result.Gradient.ToArray(), g => Assert.Equal(0.0, g));
    }

    [Theory]
    [MemberData(nameof(LossTestData.LossNames), MemberType = typeof(LossTestData))]
    public void Loss_MaskedPositions_AreNotValidated(string name)
    {
        var (loss, prediction, target) = LossTestData.Case(name, new Rng(3), 4);
        target.At(2) = double.NaN;
        var mask = Tensor<double>.FromArray([1, 1, 0, 1], 4);

        var result = loss.Compute(prediction, target, mask);

        Assert.True(double.IsFinite(result.Value), $"{result.Value}");
        Assert.True(result.Gradient.AllFinite(), result.Gradient.ToString());
    }

    [Theory]
    [MemberData(nameof(LossTestData.LossNames), MemberType = typeof(LossTestData))]
    public void Loss_MaskOfWrongShape_NamesMaskAndBothShapes(string name)
    {
        var (loss, prediction, target) = LossTestData.Case(name, new Rng(4), 4);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(prediction, target, new Tensor<double>(2, 2)));

        Assert.Equal("mask", ex.ParamName);
        Assert.Contains("expected [4]", ex.Message);
        Assert.Contains("got [2, 2]", ex.Message);
    }

    [Theory]
    [MemberData(nameof(LossTestData.LossNames), MemberType = typeof(LossTestData))]
    public void Loss_MaskValueOtherThanZeroOrOne_NamesMaskValueAndPosition(string name)
    {
        var (loss, prediction, target) = LossTestData.Case(name, new Rng(5), 4);

        var ex = Assert.Throws<ArgumentException>(() => loss.Compute(prediction, target, Tensor<double>.FromArray([1, 0.5, 1, 1], 4)));

        Assert.Equal("mask", ex.ParamName);
        Assert.Contains("expected 0 or 1, got 0.5 at position [1]", ex.Message);
    }
}
