using RnnLabs.Diagnostics;
using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;
using Xunit.Abstractions;

namespace RnnLabs.Tests.Recurrent;

public class GruCellTests(ITestOutputHelper output)
{
    private const int Batch = 2;
    private const int InputSize = 3;
    private const int HiddenSize = 5;
    private const int Reset = 0;
    private const int Update = 1;
    private const int Candidate = 2;

    public static TheoryData<ulong> Seeds => Probe.Seeds;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Backward_MatchesFiniteDifferences_ForEveryParameterAndInput(ulong seed)
    {
        var rng = new Rng(seed);
        var cell = new GruCell<double>(InputSize, HiddenSize, rng);
        var x = rng.Uniform<double>(-1, 1, Batch, InputSize);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var r = rng.Uniform<double>(-1, 1, Batch, HiddenSize);

        var grads = cell.Backward(cell.Forward(x, h), r);
        var report = GradCheck.Compare(
            () => Probe.Dot(cell.Forward(x, h).Hidden, r),
            cell.Parameters.Select(p => (p.Name, p.Value, p.Grad))
                .Append(("x", x, grads.Input))
                .Append(("h", h, grads.PreviousHidden)));

        output.WriteLine($"GruCell seed {seed}: worst relative error {report.WorstRelativeError:E2}");
        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void Forward_MatchesScalarEquations()
    {
        var rng = new Rng(3);
        var cell = new GruCell<double>(InputSize, HiddenSize, rng);
        var x = rng.Uniform<double>(-1, 1, Batch, InputSize);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);

        var step = cell.Forward(x, h);

        double worst = 0;
        for (int b = 0; b < Batch; b++)
        {
            for (int j = 0; j < HiddenSize; j++)
            {
                double r = Sigmoid(InputSide(cell, Reset, j, x, b) + HiddenSide(cell, Reset, j, h, b));
                double z = Sigmoid(InputSide(cell, Update, j, x, b) + HiddenSide(cell, Update, j, h, b));
                double n = Math.Tanh(InputSide(cell, Candidate, j, x, b) + r * HiddenSide(cell, Candidate, j, h, b));
                double hNew = (1 - z) * n + z * h[b, j];
                worst = Math.Max(worst, Math.Abs(hNew - step.Hidden[b, j]));
            }
        }

        Assert.True(worst < 1e-10, $"max |error| {worst:E2}");
    }

    [Fact]
    public void Forward_ClosedResetGate_HidesHiddenCandidateBias()
    {
        var (cell, x, h) = ClosedResetCell();
        var before = Candidates(cell, x, h);
        ShiftBlock(cell.BiasHh, Candidate, 1.0);

        var after = Candidates(cell, x, h);

        double change = before.Zip(after, (p, q) => Math.Abs(p - q)).Max();
        Assert.True(change < 1e-12, $"changing b_hn moved n by {change:E2} with r ≈ 0: b_hn is not inside r ⊙ (h·W_hnᵀ + b_hn)");
    }

    [Fact]
    public void Forward_ClosedResetGate_StillPassesInputCandidateBias()
    {
        var (cell, x, h) = ClosedResetCell();
        var before = Candidates(cell, x, h);
        ShiftBlock(cell.BiasIh, Candidate, 1.0);

        var after = Candidates(cell, x, h);

        double change = before.Zip(after, (p, q) => Math.Abs(p - q)).Min();
        Assert.True(change > 1e-3, $"changing b_in moved some n by only {change:E2}");
    }

    [Fact]
    public void Forward_UpdateGateIsSecondBlock_OpenUpdateKeepsHidden()
    {
        var rng = new Rng(14);
        var cell = new GruCell<double>(InputSize, HiddenSize, rng);
        cell.BiasIh.Value.AsSpan().Slice(Update * HiddenSize, HiddenSize).Fill(30);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);

        var step = cell.Forward(rng.Uniform<double>(-1, 1, Batch, InputSize), h);

        double worst = h.ToArray().Zip(step.Hidden.ToArray(), (p, q) => Math.Abs(p - q)).Max();
        Assert.True(worst < 1e-9, $"max |h' − h| {worst:E2} with z ≈ 1");
    }

    [Fact]
    public void Forward_WrongInputWidth_NamesArgumentAndShapes()
    {
        var cell = new GruCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => cell.Forward(new Tensor<double>(2, 4), new Tensor<double>(2, 5)));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("[*, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Forward_WrongHiddenShape_NamesArgumentAndShapes()
    {
        var cell = new GruCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 4)));
        Assert.Equal("hidden", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Forward_CellStateGiven_NamesArgument()
    {
        var cell = new GruCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5), new Tensor<double>(2, 5)));
        Assert.Equal("cell", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
    }

    [Fact]
    public void Backward_WrongHiddenGradShape_NamesArgumentAndShapes()
    {
        var cell = new GruCell<double>(InputSize, HiddenSize, new Rng(1));
        var step = cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5));
        var ex = Assert.Throws<ArgumentException>(() => cell.Backward(step, new Tensor<double>(3, 5)));
        Assert.Equal("hiddenGrad", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[3, 5]", ex.Message);
    }

    [Fact]
    public void Backward_CellGradGiven_NamesArgument()
    {
        var cell = new GruCell<double>(InputSize, HiddenSize, new Rng(1));
        var step = cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5));
        var ex = Assert.Throws<ArgumentException>(() => cell.Backward(step, new Tensor<double>(2, 5), new Tensor<double>(2, 5)));
        Assert.Equal("cellGrad", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>Row gate·H + j of x·W_ihᵀ + b_ih for batch row b, by plain loops.</summary>
    private static double InputSide(GruCell<double> cell, int gate, int j, Tensor<double> x, int b)
    {
        int row = gate * cell.HiddenSize + j;
        double a = cell.BiasIh.Value.At(row);
        for (int k = 0; k < cell.InputSize; k++)
        {
            a += cell.WeightIh.Value[row, k] * x[b, k];
        }

        return a;
    }

    /// <summary>Row gate·H + j of h·W_hhᵀ + b_hh for batch row b, by plain loops.</summary>
    private static double HiddenSide(GruCell<double> cell, int gate, int j, Tensor<double> h, int b)
    {
        int row = gate * cell.HiddenSize + j;
        double a = cell.BiasHh.Value.At(row);
        for (int k = 0; k < cell.HiddenSize; k++)
        {
            a += cell.WeightHh.Value[row, k] * h[b, k];
        }

        return a;
    }

    /// <summary>A cell whose reset-gate input bias is −40, so r = σ(−40 ± 3) &lt; 1e-16.</summary>
    private static (GruCell<double> Cell, Tensor<double> X, Tensor<double> H) ClosedResetCell()
    {
        var rng = new Rng(21);
        var cell = new GruCell<double>(InputSize, HiddenSize, rng);
        cell.BiasIh.Value.AsSpan().Slice(Reset * HiddenSize, HiddenSize).Fill(-40);
        return (cell, rng.Uniform<double>(-1, 1, Batch, InputSize), rng.Uniform<double>(-1, 1, Batch, HiddenSize));
    }

    private static double[] Candidates(GruCell<double> cell, Tensor<double> x, Tensor<double> h) =>
        ((GruStep<double>)cell.Forward(x, h)).N.ToArray();

    private static void ShiftBlock(Parameter<double> bias, int gate, double delta)
    {
        for (int j = 0; j < HiddenSize; j++)
        {
            bias.Value.At(gate * HiddenSize + j) += delta;
        }
    }
}
