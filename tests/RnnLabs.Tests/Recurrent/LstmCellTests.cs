using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;
using Xunit.Abstractions;

namespace RnnLabs.Tests.Recurrent;

public class LstmCellTests(ITestOutputHelper output)
{
    private const int Batch = 2;
    private const int InputSize = 3;
    private const int HiddenSize = 5;

    public static TheoryData<ulong> Seeds => Probe.Seeds;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Backward_MatchesFiniteDifferences_ForEveryParameterAndInput(ulong seed)
    {
        var rng = new Rng(seed);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        var x = rng.Uniform<double>(-1, 1, Batch, InputSize);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var c = rng.Uniform<double>(-2, 2, Batch, HiddenSize);
        var rh = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var rc = rng.Uniform<double>(-1, 1, Batch, HiddenSize);

        var grads = cell.Backward(cell.Forward(x, h, c), rh, rc);
        var report = GradCheck.Compare(
            () =>
            {
                var step = cell.Forward(x, h, c);
                return Probe.Dot(step.Hidden, rh) + Probe.Dot(step.Cell!, rc);
            },
            cell.Parameters.Select(p => (p.Name, p.Value, p.Grad))
                .Append(("x", x, grads.Input))
                .Append(("h", h, grads.PreviousHidden))
                .Append(("c", c, grads.PreviousCell!)));

        output.WriteLine($"LstmCell seed {seed}: worst relative error {report.WorstRelativeError:E2}");
        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void Backward_NullCellGrad_EqualsZeroCellGrad()
    {
        var rng = new Rng(7);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        var x = rng.Uniform<double>(-1, 1, Batch, InputSize);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var c = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var dh = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var step = cell.Forward(x, h, c);

        var withNull = cell.Backward(step, dh);
        var withZeros = cell.Backward(step, dh, new Tensor<double>(Batch, HiddenSize));

        Assert.Equal(withZeros.PreviousCell!.ToArray(), withNull.PreviousCell!.ToArray());
        Assert.Equal(withZeros.PreviousHidden.ToArray(), withNull.PreviousHidden.ToArray());
    }

    [Fact]
    public void Forward_MatchesScalarEquations()
    {
        var rng = new Rng(3);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        var x = rng.Uniform<double>(-1, 1, Batch, InputSize);
        var h = rng.Uniform<double>(-1, 1, Batch, HiddenSize);
        var c = rng.Uniform<double>(-2, 2, Batch, HiddenSize);

        var step = cell.Forward(x, h, c);

        double worst = 0;
        for (int b = 0; b < Batch; b++)
        {
            for (int j = 0; j < HiddenSize; j++)
            {
                double i = Sigmoid(Pre(cell, 0, j, x, h, b));
                double f = Sigmoid(Pre(cell, 1, j, x, h, b));
                double g = Math.Tanh(Pre(cell, 2, j, x, h, b));
                double o = Sigmoid(Pre(cell, 3, j, x, h, b));
                double cNew = f * c[b, j] + i * g;
                double hNew = o * Math.Tanh(cNew);
                worst = Math.Max(worst, Math.Max(Math.Abs(cNew - step.Cell![b, j]), Math.Abs(hNew - step.Hidden[b, j])));
            }
        }

        Assert.True(worst < 1e-10, $"max |error| {worst:E2}");
    }

    [Fact]
    public void Forward_ForgetGateIsSecondBlock_OpenForgetAndClosedInputKeepCell()
    {
        var rng = new Rng(11);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        SetBlockBias(cell, 0, -30);
        SetBlockBias(cell, 1, 30);
        var c = rng.Uniform<double>(-2, 2, Batch, HiddenSize);

        var step = cell.Forward(rng.Uniform<double>(-1, 1, Batch, InputSize), rng.Uniform<double>(-1, 1, Batch, HiddenSize), c);

        AssertClose(c.ToArray(), step.Cell!.ToArray(), 1e-9);
    }

    [Fact]
    public void Forward_CandidateIsThirdBlock_OpenInputAndSaturatedCandidateFillCell()
    {
        var rng = new Rng(12);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        SetBlockBias(cell, 0, 30);
        SetBlockBias(cell, 1, -30);
        SetBlockBias(cell, 2, 30);

        var step = cell.Forward(
            rng.Uniform<double>(-1, 1, Batch, InputSize), rng.Uniform<double>(-1, 1, Batch, HiddenSize),
            rng.Uniform<double>(-2, 2, Batch, HiddenSize));

        AssertClose(Enumerable.Repeat(1.0, Batch * HiddenSize).ToArray(), step.Cell!.ToArray(), 1e-9);
    }

    [Fact]
    public void Forward_OutputGateIsFourthBlock_ClosedOutputZeroesHidden()
    {
        var rng = new Rng(13);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        SetBlockBias(cell, 3, -30);

        var step = cell.Forward(
            rng.Uniform<double>(-1, 1, Batch, InputSize), rng.Uniform<double>(-1, 1, Batch, HiddenSize),
            rng.Uniform<double>(-2, 2, Batch, HiddenSize));

        AssertClose(new double[Batch * HiddenSize], step.Hidden.ToArray(), 1e-9);
    }

    [Fact]
    public void Forward_WrongInputWidth_NamesArgumentAndShapes()
    {
        var cell = new LstmCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.Forward(new Tensor<double>(2, 4), new Tensor<double>(2, 5), new Tensor<double>(2, 5)));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("[*, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Forward_HiddenBatchDiffersFromInput_NamesArgumentAndShapes()
    {
        var cell = new LstmCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(3, 5), new Tensor<double>(2, 5)));
        Assert.Equal("hidden", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[3, 5]", ex.Message);
    }

    [Fact]
    public void Forward_WrongCellShape_NamesArgumentAndShapes()
    {
        var cell = new LstmCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5), new Tensor<double>(2, 6)));
        Assert.Equal("cell", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[2, 6]", ex.Message);
    }

    [Fact]
    public void Forward_MissingCell_NamesArgumentAndExpectedShape()
    {
        var cell = new LstmCell<double>(InputSize, HiddenSize, new Rng(1));
        var ex = Assert.Throws<ArgumentNullException>(() => cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5)));
        Assert.Equal("cell", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("got null", ex.Message);
    }

    [Fact]
    public void Backward_WrongCellGradShape_NamesArgumentAndShapes()
    {
        var cell = new LstmCell<double>(InputSize, HiddenSize, new Rng(1));
        var step = cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5), new Tensor<double>(2, 5));
        var ex = Assert.Throws<ArgumentException>(() => cell.Backward(step, new Tensor<double>(2, 5), new Tensor<double>(5, 2)));
        Assert.Equal("cellGrad", ex.ParamName);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Contains("[5, 2]", ex.Message);
    }

    [Fact]
    public void Backward_StepFromAnotherCellType_NamesArgument()
    {
        var rng = new Rng(1);
        var cell = new LstmCell<double>(InputSize, HiddenSize, rng);
        var gruStep = new GruCell<double>(InputSize, HiddenSize, rng).Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 5));
        var ex = Assert.Throws<ArgumentException>(() => cell.Backward(gruStep, new Tensor<double>(2, 5)));
        Assert.Equal("step", ex.ParamName);
        Assert.Contains("LstmStep", ex.Message);
        Assert.Contains("GruStep", ex.Message);
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>Row gate·H + j of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh for batch row b, by plain loops.</summary>
    private static double Pre(LstmCell<double> cell, int gate, int j, Tensor<double> x, Tensor<double> h, int b)
    {
        int row = gate * cell.HiddenSize + j;
        double a = cell.BiasIh.Value.At(row) + cell.BiasHh.Value.At(row);
        for (int k = 0; k < cell.InputSize; k++)
        {
            a += cell.WeightIh.Value[row, k] * x[b, k];
        }

        for (int k = 0; k < cell.HiddenSize; k++)
        {
            a += cell.WeightHh.Value[row, k] * h[b, k];
        }

        return a;
    }

    /// <summary>Sets b_ih of one gate block to <paramref name="value"/> and b_hh of that block to 0.</summary>
    private static void SetBlockBias(LstmCell<double> cell, int gate, double value)
    {
        cell.BiasIh.Value.AsSpan().Slice(gate * cell.HiddenSize, cell.HiddenSize).Fill(value);
        cell.BiasHh.Value.AsSpan().Slice(gate * cell.HiddenSize, cell.HiddenSize).Clear();
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < tolerance, $"max |error| {worst:E2} ≥ {tolerance:E0}");
    }
}
