using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Optim;

public class HyperParameterValidationTests
{
    private static Parameter<double>[] Parameters() => [new Parameter<double>("weight", new Tensor<double>(2, 3))];

    public static TheoryData<string, Func<object>, string, string, string> OutOfRange() => new()
    {
        { "sgd lr 0", () => new Sgd<double>(Parameters(), new SgdOptions(LearningRate: 0)), "LearningRate", "> 0", "got 0" },
        { "sgd lr -1", () => new Sgd<double>(Parameters(), new SgdOptions(LearningRate: -1)), "LearningRate", "> 0", "got -1" },
        { "sgd lr NaN", () => new Sgd<double>(Parameters(), new SgdOptions(LearningRate: double.NaN)), "LearningRate", "finite", "got NaN" },
        { "sgd lr inf", () => new Sgd<double>(Parameters(), new SgdOptions(LearningRate: double.PositiveInfinity)), "LearningRate", "finite", "got Infinity" },
        { "sgd momentum", () => new Sgd<double>(Parameters(), new SgdOptions(Momentum: -0.5)), "Momentum", ">= 0", "got -0.5" },
        { "sgd dampening", () => new Sgd<double>(Parameters(), new SgdOptions(Momentum: 0.9, Dampening: 1.5)), "Dampening", "[0, 1]", "got 1.5" },
        { "sgd decay", () => new Sgd<double>(Parameters(), new SgdOptions(WeightDecay: -0.1)), "WeightDecay", ">= 0", "got -0.1" },
        { "rmsprop alpha", () => new RmsProp<double>(Parameters(), new RmsPropOptions(Alpha: 1)), "Alpha", "[0, 1)", "got 1" },
        { "rmsprop eps", () => new RmsProp<double>(Parameters(), new RmsPropOptions(Eps: 0)), "Eps", "> 0", "got 0" },
        { "rmsprop momentum", () => new RmsProp<double>(Parameters(), new RmsPropOptions(Momentum: -1)), "Momentum", ">= 0", "got -1" },
        { "rmsprop lr", () => new RmsProp<double>(Parameters(), new RmsPropOptions(LearningRate: 0)), "LearningRate", "> 0", "got 0" },
        { "adam beta1", () => new Adam<double>(Parameters(), new AdamOptions(Beta1: 1)), "Beta1", "[0, 1)", "got 1" },
        { "adam beta2", () => new Adam<double>(Parameters(), new AdamOptions(Beta2: -0.1)), "Beta2", "[0, 1)", "got -0.1" },
        { "adam eps", () => new Adam<double>(Parameters(), new AdamOptions(Eps: -1e-8)), "Eps", "> 0", "got -1E-08" },
        { "adam decay", () => new Adam<double>(Parameters(), new AdamOptions(WeightDecay: -1)), "WeightDecay", ">= 0", "got -1" },
        { "adamw beta1", () => new AdamW<double>(Parameters(), new AdamWOptions(Beta1: 1.5)), "Beta1", "[0, 1)", "got 1.5" },
        { "adamw beta2", () => new AdamW<double>(Parameters(), new AdamWOptions(Beta2: 1)), "Beta2", "[0, 1)", "got 1" },
        { "adamw lr", () => new AdamW<double>(Parameters(), new AdamWOptions(LearningRate: -0.1)), "LearningRate", "> 0", "got -0.1" },
        { "adamw decay", () => new AdamW<double>(Parameters(), new AdamWOptions(WeightDecay: double.NaN)), "WeightDecay", ">= 0", "got NaN" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Constructor_OutOfRangeHyperParameter_NamesItWithExpectedAndActual(
        string label, Func<object> create, string parameter, string expected, string actual)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.True(parameter == ex.ParamName, $"{label}: ParamName {ex.ParamName}");
        Assert.Contains(expected, ex.Message);
        Assert.Contains(actual, ex.Message);
    }

    [Theory]
    [InlineData(0.0, 0.0, "Momentum = 0, Dampening = 0")]
    [InlineData(0.9, 0.1, "Momentum = 0.9, Dampening = 0.1")]
    public void Sgd_NesterovWithoutMomentumOrWithDampening_Throws(double momentum, double dampening, string actual)
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new Sgd<double>(Parameters(), new SgdOptions(Momentum: momentum, Dampening: dampening, Nesterov: true)));
        Assert.Equal("Nesterov", ex.ParamName);
        Assert.Contains("expected Momentum > 0 and Dampening = 0", ex.Message);
        Assert.Contains(actual, ex.Message);
    }

    [Fact]
    public void Constructor_EmptyParameterList_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Adam<double>([]));
        Assert.Equal("parameters", ex.ParamName);
        Assert.Contains("expected at least one parameter", ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Constructor_ParameterListedTwice_Throws()
    {
        var p = new Parameter<double>("bias_hh_l0", new Tensor<double>(4));
        var ex = Assert.Throws<ArgumentException>(() => new Sgd<double>([p, p]));
        Assert.Equal("parameters", ex.ParamName);
        Assert.Contains("expected each parameter once", ex.Message);
        Assert.Contains("'bias_hh_l0' again at index 1", ex.Message);
    }

    [Fact]
    public void LearningRateSetter_Negative_Throws()
    {
        var optimizer = new RmsProp<double>(Parameters());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = -0.5);
        Assert.Equal("LearningRate", ex.ParamName);
        Assert.Contains(">= 0", ex.Message);
        Assert.Contains("got -0.5", ex.Message);
    }

    [Fact]
    public void LearningRateSetter_Zero_IsAllowedForAnnealedSchedules()
    {
        var optimizer = new Adam<double>(Parameters()) { LearningRate = 0 };
        Assert.Equal(0, optimizer.LearningRate);
    }
}
