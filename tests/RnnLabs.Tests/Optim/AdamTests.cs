using RnnLabs.Optim;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Optim;

public class AdamTests
{
    public static TheoryData<AdamOptions> Settings() => new()
    {
        new AdamOptions(),
        new AdamOptions(LearningRate: 0.05, Beta1: 0.8, Beta2: 0.99),
        new AdamOptions(LearningRate: 0.05, WeightDecay: 0.1),
        new AdamOptions(LearningRate: 0.02, Beta1: 0, Beta2: 0.9, Eps: 1e-6, WeightDecay: 0.01),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_MatchesScalarUpdateEquations(AdamOptions options)
    {
        var quadratic = new Quadratic(31);
        var optimizer = new Adam<double>(quadratic.Parameters, options);
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
                double gi = g[i] + options.WeightDecay * theta[i];
                m[i] = options.Beta1 * m[i] + (1 - options.Beta1) * gi;
                v[i] = options.Beta2 * v[i] + (1 - options.Beta2) * gi * gi;
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
    public void TwoHundredSteps_ReduceQuadraticLoss(AdamOptions options)
    {
        var quadratic = new Quadratic(32);
        var optimizer = new Adam<double>(quadratic.Parameters, options with { LearningRate = 0.05 });
        double initial = quadratic.Loss();
        for (int t = 0; t < 200; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();
        }

        Assert.True(quadratic.Loss() < 0.05 * initial, $"loss {initial:G4} → {quadratic.Loss():G4} with {options}");
    }

    [Fact]
    public void Step_SteadyState_DoesNotAllocate()
    {
        var quadratic = new Quadratic(33);
        var optimizers = new IOptimizer<double>[]
        {
            new Sgd<double>(quadratic.Parameters, new SgdOptions(LearningRate: 1e-3, Momentum: 0.9, Nesterov: true, WeightDecay: 0.1)),
            new RmsProp<double>(quadratic.Parameters, new RmsPropOptions(LearningRate: 1e-3, WeightDecay: 0.1, Momentum: 0.9, Centered: true)),
            new Adam<double>(quadratic.Parameters, new AdamOptions(WeightDecay: 0.1)),
            new AdamW<double>(quadratic.Parameters),
        };
        quadratic.WriteGradients();
        foreach (var optimizer in optimizers)
        {
            for (int t = 0; t < 3; t++)
            {
                optimizer.Step();
            }
        }

        // Windows of 80 steps (20 per optimizer), the fewest bytes of three.
        long fewest = ThreadAllocation.FewestBytesOfThreeRuns(() =>
        {
            foreach (var optimizer in optimizers)
            {
                for (int t = 0; t < 20; t++)
                {
                    optimizer.Step();
                }
            }
        });

        Assert.True(fewest == 0, $"80 steady-state steps allocated {fewest} bytes");
    }
}
