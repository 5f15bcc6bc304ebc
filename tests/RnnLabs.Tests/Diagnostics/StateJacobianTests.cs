using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Diagnostics;

public class StateJacobianTests
{
    [Theory]
    [InlineData(RnnNonlinearity.Tanh)]
    [InlineData(RnnNonlinearity.Relu)]
    public void NormsOverLag_MatchSpectralNormOfFiniteDifferenceJacobian(RnnNonlinearity nonlinearity)
    {
        var rng = new Rng(5);
        const int steps = 6, hidden = 4;
        var cell = new RnnCell<double>(2, hidden, rng, nonlinearity);
        var x = rng.Uniform<double>(-1, 1, steps, 1, 2);
        var h0 = rng.Uniform<double>(-1, 1, 1, hidden);
        var norms = StateJacobian.NormsOverLag(cell, x, steps, h0);

        // h_{T−k} from a plain forward run, then ∂h_T/∂h_{T−k} column by column by central differences.
        var states = new List<Tensor<double>> { h0 };
        for (int t = 0; t < steps; t++)
        {
            states.Add(cell.Forward(x[t], states[^1]).Hidden);
        }

        for (int k = 1; k <= steps; k++)
        {
            var jacobian = new Tensor<double>(hidden, hidden);
            for (int col = 0; col < hidden; col++)
            {
                var plus = RunFrom(cell, x, steps - k, states[steps - k], col, 1e-6);
                var minus = RunFrom(cell, x, steps - k, states[steps - k], col, -1e-6);
                for (int row = 0; row < hidden; row++)
                {
                    jacobian[row, col] = (plus.At(row) - minus.At(row)) / 2e-6;
                }
            }

            double expected = StateJacobian.SpectralNorm(jacobian);
            Assert.True(Math.Abs(norms[k - 1] - expected) <= 1e-7 * Math.Max(1, expected), $"k={k}: {norms[k - 1]} vs {expected}");
        }
    }

    [Fact]
    public void SpectralNorm_OfKnownMatrix_IsLargestSingularValue()
    {
        // [[3, 0], [4, 5]] has singular values √45 and √5 (σ₁² + σ₂² = 50, σ₁σ₂ = 15).
        var m = Tensor<double>.FromArray([3.0, 0.0, 4.0, 5.0], 2, 2);
        Assert.Equal(Math.Sqrt(45), StateJacobian.SpectralNorm(m), 10);
    }

    [Fact]
    public void NormsOverLag_LagBeyondSequence_NamesArgumentAndRange()
    {
        var cell = new RnnCell<double>(1, 3, new Rng(1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => StateJacobian.NormsOverLag(cell, new Tensor<double>(5, 1, 1), 6));
        Assert.Equal("maxLag", ex.ParamName);
        Assert.Contains("1 … 5", ex.Message);
    }

    private static Tensor<double> RunFrom(RnnCell<double> cell, Tensor<double> x, int start, Tensor<double> state, int unit, double delta)
    {
        var h = state.Clone();
        h.At(unit) += delta;
        for (int t = start; t < x.Size(0); t++)
        {
            h = cell.Forward(x[t], h).Hidden;
        }

        return h;
    }
}
