using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Layers;

public class DropoutTests
{
    private const double P = 0.3;

    [Fact]
    public void Dropout_Eval_IsIdentityForwardAndBackward()
    {
        var rng = new Rng(1);
        var dropout = new Dropout<double>(P, rng);
        var x = rng.Uniform<double>(-1, 1, 4, 3);
        var g = rng.Uniform<double>(-1, 1, 4, 3);

        Assert.Equal(x.ToArray(), dropout.Forward(x, training: false).ToArray());
        Assert.Equal(g.ToArray(), dropout.Backward(g).ToArray());
    }

    [Fact]
    public void Dropout_Training_KeepsTheExpectationOfEachElement()
    {
        var dropout = new Dropout<double>(P, new Rng(2));
        double[] values = [0.5, -1, 2, 3];
        var x = Tensor<double>.FromArray(values, 4);
        const int samples = 20_000;
        var sum = new double[values.Length];
        for (int s = 0; s < samples; s++)
        {
            var y = dropout.Forward(x, training: true).ToArray();
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += y[i];
            }
        }

        // Each sample has standard deviation |x|·√(p/(1−p)) ≤ 2, so the mean's is ≤ 0.014: 0.08 is over 5σ.
        for (int i = 0; i < values.Length; i++)
        {
            Assert.InRange(sum[i] / samples, values[i] - 0.08, values[i] + 0.08);
        }
    }

    [Fact]
    public void Dropout_Training_ZeroesAboutPAndScalesTheRestByOneOverOneMinusP()
    {
        var dropout = new Dropout<double>(P, new Rng(3));
        var y = dropout.Forward(Tensor<double>.Full(1.0, 200_000), training: true).ToArray();

        double zeroed = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeroed, P - 0.005, P + 0.005);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / (1 - P)) < 1e-15, $"element {v}"));
    }

    [Fact]
    public void Dropout_SameSeed_GivesSameMask()
    {
        var x = new Rng(9).Uniform<double>(0.5, 1.5, 1000);

        var first = new Dropout<double>(P, new Rng(7)).Forward(x, training: true).ToArray();
        var second = new Dropout<double>(P, new Rng(7)).Forward(x, training: true).ToArray();
        var other = new Dropout<double>(P, new Rng(8)).Forward(x, training: true).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Dropout_Backward_UsesTheMaskOfTheLatestForward()
    {
        var rng = new Rng(4);
        var dropout = new Dropout<double>(P, rng);
        var x = rng.Uniform<double>(0.5, 1.5, 50, 20);
        var g = rng.Uniform<double>(-1, 1, 50, 20);
        var y = dropout.Forward(x, training: true).ToArray();

        var dx = dropout.Backward(g).ToArray();

        var xs = x.ToArray();
        var gs = g.ToArray();
        for (int i = 0; i < dx.Length; i++)
        {
            double mask = y[i] / xs[i];
            Assert.True(Math.Abs(dx[i] - gs[i] * mask) < 1e-12, $"element {i}: dx = {dx[i]}, g·m = {gs[i] * mask}");
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Dropout_InvalidP_NamesPAndRange(double p)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout<double>(p, new Rng(1)));

        Assert.Equal("p", ex.ParamName);
        Assert.Contains("[0, 1)", ex.Message);
        Assert.Contains($"got {p}", ex.Message);
    }
}
