using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Optim;

/// <summary>
/// L(θ) = ½ Σ_i a_i (θ_i − c_i)² over three parameters of different shapes (so per-parameter state and vector
/// tails are exercised), with the hand-written gradient ∂L/∂θ_i = a_i (θ_i − c_i). Element i runs over all
/// parameters in order, which is also the layout of the flat arrays the scalar references work on.
/// </summary>
internal sealed class Quadratic
{
    private readonly double[] _a;
    private readonly double[] _c;

    public Quadratic(ulong seed)
    {
        var rng = new Rng(seed);
        Parameters =
        [
            new Parameter<double>("weight_ih_l0", rng.Uniform<double>(-2, 2, 2, 3)),
            new Parameter<double>("bias_ih_l0", rng.Uniform<double>(-2, 2, 4)),
            new Parameter<double>("weight_hh_l0", rng.Uniform<double>(-2, 2, 5, 7)),
        ];
        int count = Parameters.Sum(p => p.Value.Length);
        _a = new double[count];
        _c = new double[count];
        for (int i = 0; i < count; i++)
        {
            _a[i] = rng.Uniform(0.5, 3);
            _c[i] = rng.Uniform(-1, 1);
        }
    }

    public Parameter<double>[] Parameters { get; }

    /// <summary>The current θ, flattened.</summary>
    public double[] Theta() => Parameters.SelectMany(p => p.Value.ToArray()).ToArray();

    /// <summary>Overwrites every parameter's gradient with a_i (θ_i − c_i).</summary>
    public void WriteGradients()
    {
        int i = 0;
        foreach (var p in Parameters)
        {
            var value = p.Value.AsSpan();
            var grad = p.Grad.AsSpan();
            for (int k = 0; k < value.Length; k++, i++)
            {
                grad[k] = _a[i] * (value[k] - _c[i]);
            }
        }
    }

    /// <summary>∂L/∂θ at a flat θ, for the scalar references.</summary>
    public double[] GradientAt(double[] theta)
    {
        var g = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            g[i] = _a[i] * (theta[i] - _c[i]);
        }

        return g;
    }

    /// <summary>L at the parameters' current values.</summary>
    public double Loss()
    {
        var theta = Theta();
        double sum = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            sum += 0.5 * _a[i] * (theta[i] - _c[i]) * (theta[i] - _c[i]);
        }

        return sum;
    }

    /// <summary>max_i |θ_i − expected_i|.</summary>
    public double MaxDifference(double[] expected)
    {
        var theta = Theta();
        double worst = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(theta[i] - expected[i]));
        }

        return worst;
    }
}
