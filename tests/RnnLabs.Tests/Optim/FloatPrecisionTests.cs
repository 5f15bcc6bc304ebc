using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Optim;

namespace RnnLabs.Tests.Optim;

public class FloatPrecisionTests
{
    private static IOptimizer<T> Create<T>(string name, IEnumerable<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new Sgd<T>(parameters, new SgdOptions(LearningRate: 0.05, Momentum: 0.9, Nesterov: true, WeightDecay: 0.01)),
        "rmsprop" => new RmsProp<T>(parameters, new RmsPropOptions(WeightDecay: 0.01, Momentum: 0.5, Centered: true)),
        "adam" => new Adam<T>(parameters, new AdamOptions(LearningRate: 0.02, WeightDecay: 0.01)),
        _ => new AdamW<T>(parameters, new AdamWOptions(LearningRate: 0.02)),
    };

    [Theory]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void FloatOptimizer_TracksTheDoubleOne(string name)
    {
        var quadratic = new Quadratic(51);
        var floats = quadratic.Parameters.Select(p => new Parameter<float>(p.Name, p.Value.Cast<float>())).ToArray();
        var inDouble = Create(name, quadratic.Parameters);
        var inFloat = Create(name, floats);

        for (int t = 0; t < 20; t++)
        {
            quadratic.WriteGradients();
            inDouble.Step();
            double[] g = quadratic.GradientAt(floats.SelectMany(p => p.Value.ToArray()).Select(v => (double)v).ToArray());
            int i = 0;
            foreach (var p in floats)
            {
                var grad = p.Grad.AsSpan();
                for (int k = 0; k < grad.Length; k++, i++)
                {
                    grad[k] = (float)g[i];
                }
            }

            inFloat.Step();
        }

        double[] expected = quadratic.Theta();
        double[] actual = floats.SelectMany(p => p.Value.ToArray()).Select(v => (double)v).ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-4, $"{name}: float run differs from double run by {worst:E3}");
    }
}
