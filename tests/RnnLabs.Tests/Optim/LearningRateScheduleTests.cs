using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Optim;

public class LearningRateScheduleTests
{
    private static void AssertRate(double expected, double actual, int step) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-15 * Math.Abs(expected), $"step {step}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void Constant_IsTheBaseRateAtEveryStep()
    {
        var schedule = new ConstantSchedule(0.3);
        foreach (int step in new[] { 0, 1, 17, 100_000 })
        {
            Assert.Equal(0.3, schedule.LearningRate(step));
        }
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(2, 0.1)]
    [InlineData(3, 0.05)]
    [InlineData(5, 0.05)]
    [InlineData(6, 0.025)]
    [InlineData(10, 0.0125)]
    public void StepDecay_MultipliesByGammaEveryStepSizeSteps(int step, double expected)
    {
        AssertRate(expected, new StepDecaySchedule(0.1, stepSize: 3, gamma: 0.5).LearningRate(step), step);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(50)]
    public void Exponential_IsBaseTimesGammaToTheStep(int step)
    {
        double expected = 0.2;
        for (int k = 0; k < step; k++)
        {
            expected *= 0.9;
        }

        AssertRate(expected, new ExponentialSchedule(0.2, gamma: 0.9).LearningRate(step), step);
    }

    [Fact]
    public void CosineAnnealing_FollowsHalfCosineThenHoldsEtaMin()
    {
        var schedule = new CosineAnnealingSchedule(0.1, tMax: 10, etaMin: 0.01);
        AssertRate(0.1, schedule.LearningRate(0), 0);
        AssertRate(0.01 + 0.09 * (1 + Math.Cos(Math.PI * 0.3)) / 2, schedule.LearningRate(3), 3);
        AssertRate(0.055, schedule.LearningRate(5), 5);
        AssertRate(0.01 + 0.09 * (1 + Math.Cos(Math.PI * 0.9)) / 2, schedule.LearningRate(9), 9);
        Assert.Equal(0.01, schedule.LearningRate(10));
        Assert.Equal(0.01, schedule.LearningRate(25));
    }

    [Fact]
    public void LinearWarmup_RampsToTheNextScheduleThenDefersToIt()
    {
        var schedule = new LinearWarmupSchedule(4, new StepDecaySchedule(0.2, stepSize: 2, gamma: 0.5));
        double[] expected = [0.05, 0.1, 0.15, 0.2, 0.2, 0.2, 0.1, 0.1, 0.05];
        for (int step = 0; step < expected.Length; step++)
        {
            AssertRate(expected[step], schedule.LearningRate(step), step);
        }
    }

    [Fact]
    public void ApplyTo_SetsTheRateForTheOptimizersNextStep()
    {
        var p = new Parameter<double>("weight", new Tensor<double>(3));
        var optimizer = new Sgd<double>([p], new SgdOptions(LearningRate: 1));
        var schedule = new ExponentialSchedule(0.5, gamma: 0.5);
        var applied = new List<double>();
        for (int t = 0; t < 4; t++)
        {
            applied.Add(schedule.ApplyTo(optimizer));
            Assert.Equal(applied[^1], optimizer.LearningRate);
            optimizer.Step();
        }

        Assert.Equal([0.5, 0.25, 0.125, 0.0625], applied);
    }

    public static TheoryData<string, Func<object>, string, string> BadArguments() => new()
    {
        { "step size", () => new StepDecaySchedule(0.1, stepSize: 0), "stepSize", "got 0" },
        { "gamma", () => new ExponentialSchedule(0.1, gamma: -0.5), "gamma", "got -0.5" },
        { "base rate", () => new ConstantSchedule(double.NaN), "baseLearningRate", "got NaN" },
        { "t max", () => new CosineAnnealingSchedule(0.1, tMax: -3), "tMax", "got -3" },
        { "eta min", () => new CosineAnnealingSchedule(0.1, tMax: 10, etaMin: 0.2), "etaMin", "got 0.2" },
        { "warm-up", () => new LinearWarmupSchedule(0, new ConstantSchedule(0.1)), "warmupSteps", "got 0" },
        { "negative step", () => new ConstantSchedule(0.1).LearningRate(-1), "step", "got -1" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgument_ThrowsNamingIt(string label, Func<object> create, string parameter, string actual)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.True(parameter == ex.ParamName, $"{label}: ParamName {ex.ParamName}");
        Assert.Contains("expected", ex.Message);
        Assert.Contains(actual, ex.Message);
    }
}
