using RnnLabs.Optim;

namespace RnnLabs.Tests.Optim;

public class AdamWTests
{
    public static TheoryData<AdamWOptions> Settings() => new()
    {
        new AdamWOptions(),
        new AdamWOptions(LearningRate: 0.05, WeightDecay: 0.1),
        new AdamWOptions(LearningRate: 0.02, Beta1: 0.5, Beta2: 0.9, Eps: 1e-6, WeightDecay: 0.3),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_MatchesScalarUpdateEquations(AdamWOptions options)
    {
        var quadratic = new Quadratic(41);
        var optimizer = new AdamW<double>(quadratic.Parameters, options);
        double[] theta = quadratic.Theta();
        double[] m = new double[theta.Length];
        double[] v = new double[theta.Length];

        for (int t = 1; t <= 7; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();

            double[] g = quadratic.GradientAt(theta);
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] -= options.LearningRate * options.WeightDecay * theta[i];
                m[i] = options.Beta1 * m[i] + (1 - options.Beta1) * g[i];
                v[i] = options.Beta2 * v[i] + (1 - options.Beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(options.Beta1, t));
                double vHat = v[i] / (1 - Math.Pow(options.Beta2, t));
                theta[i] -= options.LearningRate * mHat / (Math.Sqrt(vHat) + options.Eps);
            }

            double error = quadratic.MaxDifference(theta);
            Assert.True(error < 1e-12, $"step {t}: max |θ − θ_ref| = {error:E3} for {options}");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void TwoHundredSteps_ReduceQuadraticLoss(AdamWOptions options)
    {
        var quadratic = new Quadratic(42);
        var optimizer = new AdamW<double>(quadratic.Parameters, options with { LearningRate = 0.05 });
        double initial = quadratic.Loss();
        for (int t = 0; t < 200; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();
        }

        Assert.True(quadratic.Loss() < 0.05 * initial, $"loss {initial:G4} → {quadratic.Loss():G4} with {options}");
    }

    [Fact]
    public void DecoupledDecay_DiffersFromAdamWithL2OfSameLambda()
    {
        var decoupled = new Quadratic(43);
        var coupled = new Quadratic(43);
        var adamW = new AdamW<double>(decoupled.Parameters, new AdamWOptions(LearningRate: 0.05, WeightDecay: 0.1));
        var adam = new Adam<double>(coupled.Parameters, new AdamOptions(LearningRate: 0.05, WeightDecay: 0.1));
        for (int t = 0; t < 5; t++)
        {
            decoupled.WriteGradients();
            adamW.Step();
            coupled.WriteGradients();
            adam.Step();
        }

        double difference = decoupled.MaxDifference(coupled.Theta());
        Assert.True(difference > 1e-3, $"AdamW and Adam+L2 with λ = 0.1 differ by only {difference:E3} after 5 steps");
    }

    [Fact]
    public void WithoutDecay_EqualsAdamExactly()
    {
        var first = new Quadratic(44);
        var second = new Quadratic(44);
        var adamW = new AdamW<double>(first.Parameters, new AdamWOptions(LearningRate: 0.05, WeightDecay: 0));
        var adam = new Adam<double>(second.Parameters, new AdamOptions(LearningRate: 0.05));
        for (int t = 0; t < 5; t++)
        {
            first.WriteGradients();
            adamW.Step();
            second.WriteGradients();
            adam.Step();
        }

        Assert.Equal(second.Theta(), first.Theta());
    }

    [Fact]
    public void DefaultWeightDecay_IsPyTorchs()
    {
        var quadratic = new Quadratic(45);
        Assert.Equal(1e-2, new AdamW<double>(quadratic.Parameters).Options.WeightDecay);
        Assert.Equal(0, new Adam<double>(quadratic.Parameters).Options.WeightDecay);
    }
}
