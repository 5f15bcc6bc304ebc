using RnnLabs.Optim;

namespace RnnLabs.Tests.Optim;

public class RmsPropTests
{
    public static TheoryData<RmsPropOptions> Settings() => new()
    {
        new RmsPropOptions(),
        new RmsPropOptions(LearningRate: 0.02, Alpha: 0.9, WeightDecay: 0.05),
        new RmsPropOptions(LearningRate: 0.01, Momentum: 0.9),
        new RmsPropOptions(LearningRate: 0.01, Centered: true),
        new RmsPropOptions(LearningRate: 0.01, Alpha: 0.95, Eps: 1e-6, WeightDecay: 0.01, Momentum: 0.5, Centered: true),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_MatchesScalarUpdateEquations(RmsPropOptions options)
    {
        var quadratic = new Quadratic(21);
        var optimizer = new RmsProp<double>(quadratic.Parameters, options);
        double[] theta = quadratic.Theta();
        double[] v = new double[theta.Length];
        double[] gBar = new double[theta.Length];
        double[] b = new double[theta.Length];
        double alpha = options.Alpha;

        for (int t = 1; t <= 7; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();

            double[] g = quadratic.GradientAt(theta);
            for (int i = 0; i < theta.Length; i++)
            {
                double gi = g[i] + options.WeightDecay * theta[i];
                v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
                double denominator;
                if (options.Centered)
                {
                    gBar[i] = alpha * gBar[i] + (1 - alpha) * gi;
                    denominator = Math.Sqrt(v[i] - gBar[i] * gBar[i]) + options.Eps;
                }
                else
                {
                    denominator = Math.Sqrt(v[i]) + options.Eps;
                }

                if (options.Momentum > 0)
                {
                    b[i] = options.Momentum * b[i] + gi / denominator;
                    theta[i] -= options.LearningRate * b[i];
                }
                else
                {
                    theta[i] -= options.LearningRate * gi / denominator;
                }
            }

            double error = quadratic.MaxDifference(theta);
            Assert.True(error < 1e-12, $"step {t}: max |θ − θ_ref| = {error:E3} for {options}");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void TwoHundredSteps_ReduceQuadraticLoss(RmsPropOptions options)
    {
        var quadratic = new Quadratic(22);
        var optimizer = new RmsProp<double>(quadratic.Parameters, options);
        double initial = quadratic.Loss();
        for (int t = 0; t < 200; t++)
        {
            quadratic.WriteGradients();
            optimizer.Step();
        }

        Assert.True(quadratic.Loss() < 0.05 * initial, $"loss {initial:G4} → {quadratic.Loss():G4} with {options}");
    }
}
