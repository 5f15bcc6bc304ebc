using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// LstmStep and GruStep keep their gates side by side in one [B, G·H] matrix (row b = the G gates of b);
/// the per-gate properties are copies of its blocks.
/// </summary>
public class GateStepTests
{
    [Fact]
    public void LstmStep_FromSeparateGates_PacksThemRowByRow_AndGivesEachBack()
    {
        var (i, f, g, o) = (Of(1, 2, 3, 4), Of(5, 6, 7, 8), Of(9, 10, 11, 12), Of(13, 14, 15, 16));

        var step = new LstmStep<double>(Zeros(), Zeros(), Zeros(), Zeros(), Zeros(), i, f, g, o, Zeros());

        Assert.Equal([2, 8], step.Gates.Shape.ToArray());
        Assert.Equal([1, 2, 5, 6, 9, 10, 13, 14, 3, 4, 7, 8, 11, 12, 15, 16], step.Gates.ToArray());
        Assert.Equal(i.ToArray(), step.I.ToArray());
        Assert.Equal(f.ToArray(), step.F.ToArray());
        Assert.Equal(g.ToArray(), step.G.ToArray());
        Assert.Equal(o.ToArray(), step.O.ToArray());
    }

    [Fact]
    public void GruStep_FromSeparateGates_PacksThemRowByRow_AndGivesEachBack()
    {
        var (r, z, n) = (Of(1, 2, 3, 4), Of(5, 6, 7, 8), Of(9, 10, 11, 12));

        var step = new GruStep<double>(Zeros(), Zeros(), Zeros(), r, z, n, Zeros());

        Assert.Equal([1, 2, 5, 6, 9, 10, 3, 4, 7, 8, 11, 12], step.Gates.ToArray());
        Assert.Equal(r.ToArray(), step.R.ToArray());
        Assert.Equal(z.ToArray(), step.Z.ToArray());
        Assert.Equal(n.ToArray(), step.N.ToArray());
    }

    [Fact]
    public void LstmCell_Forward_GatesAreTheActivationsOfTheirBlocks()
    {
        var rng = new Rng(70);
        var cell = new LstmCell<double>(3, 2, rng);
        var x = rng.Uniform<double>(-1, 1, 2, 3);
        var h = rng.Uniform<double>(-1, 1, 2, 2);
        var c = rng.Uniform<double>(-1, 1, 2, 2);

        var step = (LstmStep<double>)cell.Forward(x, h, c);

        for (int b = 0; b < 2; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                double i = Sigmoid(PreActivation(cell, x, h, b, j));
                double f = Sigmoid(PreActivation(cell, x, h, b, 2 + j));
                double g = Math.Tanh(PreActivation(cell, x, h, b, 4 + j));
                double o = Sigmoid(PreActivation(cell, x, h, b, 6 + j));
                Assert.True(Math.Abs(step.I[b, j] - i) < 1e-12, $"i[{b}, {j}]");
                Assert.True(Math.Abs(step.F[b, j] - f) < 1e-12, $"f[{b}, {j}]");
                Assert.True(Math.Abs(step.G[b, j] - g) < 1e-12, $"g[{b}, {j}]");
                Assert.True(Math.Abs(step.O[b, j] - o) < 1e-12, $"o[{b}, {j}]");
                Assert.True(Math.Abs(step.CellTanh[b, j] - Math.Tanh(f * c[b, j] + i * g)) < 1e-12, $"tanh(c')[{b}, {j}]");
            }
        }
    }

    [Fact]
    public void LstmStep_GateOfAnotherShape_NamesArgumentAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new LstmStep<double>(Zeros(), Zeros(), Zeros(), Zeros(), Zeros(), Zeros(), Zeros(), new Tensor<double>(2, 3), Zeros(), Zeros()));

        Assert.Equal("g", ex.ParamName);
        Assert.Contains("expected [2, 2]", ex.Message);
        Assert.Contains("got [2, 3]", ex.Message);
    }

    [Fact]
    public void GruStep_GateOfAnotherShape_NamesArgumentAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new GruStep<double>(Zeros(), Zeros(), Zeros(), Zeros(), new Tensor<double>(3, 2), Zeros(), Zeros()));

        Assert.Equal("z", ex.ParamName);
        Assert.Contains("expected [2, 2]", ex.Message);
        Assert.Contains("got [3, 2]", ex.Message);
    }

    /// <summary>Row k of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh for batch row b, from the scalar definition.</summary>
    private static double PreActivation(LstmCell<double> cell, Tensor<double> x, Tensor<double> h, int b, int k)
    {
        double a = cell.BiasIh.Value.At(k) + cell.BiasHh.Value.At(k);
        for (int i = 0; i < x.Size(1); i++)
        {
            a += cell.WeightIh.Value[k, i] * x[b, i];
        }

        for (int j = 0; j < h.Size(1); j++)
        {
            a += cell.WeightHh.Value[k, j] * h[b, j];
        }

        return a;
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    private static Tensor<double> Of(params double[] values) => Tensor<double>.FromArray(values, 2, 2);

    private static Tensor<double> Zeros() => new(2, 2);
}
