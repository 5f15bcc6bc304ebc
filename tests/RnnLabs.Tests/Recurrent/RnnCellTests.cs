using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

public class RnnCellTests
{
    public static TheoryData<ulong, RnnNonlinearity> SeedsAndNonlinearities()
    {
        var data = new TheoryData<ulong, RnnNonlinearity>();
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4, 5 })
        {
            data.Add(seed, RnnNonlinearity.Tanh);
            data.Add(seed, RnnNonlinearity.Relu);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndNonlinearities))]
    public void Backward_MatchesFiniteDifferences_ForEveryParameterAndInput(ulong seed, RnnNonlinearity nonlinearity)
    {
        var rng = new Rng(seed);
        var cell = new RnnCell<double>(3, 4, rng, nonlinearity);
        var x = rng.Uniform<double>(-1, 1, 2, 3);
        var h = rng.Uniform<double>(-1, 1, 2, 4);
        var r = rng.Uniform<double>(-1, 1, 2, 4);

        var step = cell.Forward(x, h);
        var grads = cell.Backward(step, r);
        var report = GradCheck.Compare(
            () => Probe.Dot(cell.Forward(x, h).Hidden, r),
            cell.Parameters.Select(p => (p.Name, p.Value, p.Grad))
                .Append(("x", x, grads.Input))
                .Append(("h", h, grads.PreviousHidden)));

        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void Forward_MatchesScalarEquations()
    {
        var rng = new Rng(3);
        var cell = new RnnCell<double>(3, 2, rng);
        var x = rng.Uniform<double>(-1, 1, 2, 3);
        var h = rng.Uniform<double>(-1, 1, 2, 2);
        var actual = cell.Forward(x, h).Hidden;
        var wi = cell.WeightIh.Value;
        var wh = cell.WeightHh.Value;
        for (int b = 0; b < 2; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                double a = cell.BiasIh.Value.At(j) + cell.BiasHh.Value.At(j);
                for (int i = 0; i < 3; i++)
                {
                    a += wi[j, i] * x[b, i];
                }

                for (int i = 0; i < 2; i++)
                {
                    a += wh[j, i] * h[b, i];
                }

                Assert.True(Math.Abs(Math.Tanh(a) - actual[b, j]) < 1e-12);
            }
        }
    }

    [Fact]
    public void Forward_WrongInputWidth_NamesArgumentAndShapes()
    {
        var cell = new RnnCell<double>(3, 4, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => cell.Forward(new Tensor<double>(2, 5), new Tensor<double>(2, 4)));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("[*, 3]", ex.Message);
        Assert.Contains("[2, 5]", ex.Message);
    }
}
