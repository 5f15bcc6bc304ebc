using RnnLabs.Optim;

namespace RnnLabs.Tests.Optim;

public class SgdTests
{
    public static TheoryData<SgdOptions> Settings() => new()
    {
        new SgdOptions(LearningRate: 0.1),
        new SgdOptions(LearningRate: 0.1, WeightDecay: 0.05),
        new SgdOptions(LearningRate: 0.05, Momentum: 0.9),
        new SgdOptions(LearningRate: 0.05, Momentum: 0.8, Dampening: 0.3, WeightDecay: 0.01),
        new SgdOptions(LearningRate: 0.05, Momentum: 0.9, Nesterov: true),
        new SgdOptions(LearningRate: 0.05, Momentum: 0.7, Nesterov: true, WeightDecay: 0.02),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_MatchesScalarUpdateEquations(SgdOptions options)
    {
        var quadratic = new Quadratic(11);
        var optimizer = new Sgd<double>(quadratic.Parameters, options);
        double[] theta = quadratic.Theta();
        double[] b = new double[theta.Length];

        for (int t = 1; t <= 7; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();

            double[] g = quadratic.GradientAt(theta);
            for (int i = 0; i < theta.Length; i++)
            {
                double gi = g[i] + options.WeightDecay * theta[i];
                if (options.Momentum != 0)
                {
                    b[i] = t == 1 ? gi : options.Momentum * b[i] + (1 - options.Dampening) * gi;
                    gi = options.Nesterov ? gi + options.Momentum * b[i] : b[i];
                }

                theta[i] -= options.LearningRate * gi;
            }

            double error = quadratic.MaxDifference(theta);
            Assert.True(error < 1e-12, $"step {t}: max |θ − θ_ref| = {error:E3} for {options}");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void TwoHundredSteps_ReduceQuadraticLoss(SgdOptions options)
    {
        var quadratic = new Quadratic(12);
        var optimizer = new Sgd<double>(quadratic.Parameters, options);
        double initial = quadratic.Loss();
        for (int t = 0; t < 200; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();
        }

        Assert.True(quadratic.Loss() < 0.05 * initial, $"loss {initial:G4} → {quadratic.Loss():G4} with {options}");
    }

    [Fact]
    public void Step_WithWeightDecay_LeavesGradientsUnchanged()
    {
        var quadratic = new Quadratic(13);
        var optimizer = new Sgd<double>(quadratic.Parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 0.1));
        quadratic.WriteGradients();
        var before = quadratic.Parameters.Select(p => p.Grad.ToArray()).ToArray();

        optimizer.Step();

        for (int k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k], quadratic.Parameters[k].Grad.ToArray());
        }
    }

    [Fact]
    public void Step_CountsStepsAndUsesTheCurrentLearningRate()
    {
        var quadratic = new Quadratic(14);
        var optimizer = new Sgd<double>(quadratic.Parameters, new SgdOptions(LearningRate: 0.1));
        quadratic.WriteGradients();
        double[] theta = quadratic.Theta();
        double[] g = quadratic.GradientAt(theta);

        optimizer.LearningRate = 0.25;
        optimizer.Step();

        Assert.Equal(1, optimizer.StepCount);
        Assert.True(quadratic.MaxDifference(theta.Select((v, i) => v - 0.25 * g[i]).ToArray()) < 1e-15);
    }

    [Fact]
    public void ZeroGrad_ClearsEveryGradient()
    {
        var quadratic = new Quadratic(15);
        var optimizer = new Sgd<double>(quadratic.Parameters);
        quadratic.WriteGradients();

        optimizer.ZeroGrad();

        Assert.All(quadratic.Parameters, p => Assert.All(p.Grad.ToArray(), g => Assert.Equal(0.0, g)));
    }
}
