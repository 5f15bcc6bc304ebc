using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Diagnostics;

public class GateStatisticsTests
{
    [Fact]
    public void Compute_LstmSteps_ReportsMeanAndSaturatedFractionPerGate()
    {
        var steps = new CellStep<double>[]
        {
            Lstm(i: [0.01, 0.5, 0.97, 0.5], f: [0.96, 0.99, 0.9, 0.5], g: [-0.99, 0.2, 0.96, 0.0], o: [0.5, 0.5, 0.5, 0.5]),
            Lstm(i: [0.5, 0.5, 0.5, 0.5], f: [0.04, 0.5, 0.5, 0.5], g: [0.1, 0.1, 0.1, 0.1], o: [0.02, 0.98, 0.5, 0.5]),
        };

        var stats = GateStatistics.Compute(steps);

        // Means and saturated counts worked out by hand over the 8 values of each gate.
        AssertRow(stats[0], "i", "sigmoid", 3.98 / 8, 2.0 / 8);
        AssertRow(stats[1], "f", "sigmoid", 4.89 / 8, 3.0 / 8);
        AssertRow(stats[2], "g", "tanh", 0.57 / 8, 2.0 / 8);
        AssertRow(stats[3], "o", "sigmoid", 4.0 / 8, 2.0 / 8);
        Assert.Equal(4, stats.Count);
        Assert.All(stats, s => Assert.Equal(8, s.Count));
    }

    [Fact]
    public void Compute_GruSteps_ReportsMeanAndSaturatedFractionPerGate()
    {
        var steps = new CellStep<double>[]
        {
            Gru(r: [0.2, 0.4, 0.99, 0.01], z: [0.5, 0.5, 0.5, 0.5], n: [0.97, -0.3, 0.5, -0.96]),
        };

        var stats = GateStatistics.Compute(steps);

        AssertRow(stats[0], "r", "sigmoid", 1.6 / 4, 2.0 / 4);
        AssertRow(stats[1], "z", "sigmoid", 0.5, 0.0);
        AssertRow(stats[2], "n", "tanh", 0.21 / 4, 2.0 / 4);
        Assert.Equal(3, stats.Count);
    }

    [Fact]
    public void Compute_ValuesOnTheThresholds_AreNotSaturated()
    {
        var steps = new CellStep<double>[]
        {
            Gru(r: [0.05, 0.95, 0.05, 0.95], z: [0.049, 0.951, 0.5, 0.5], n: [-0.95, 0.95, -0.951, 0.951]),
        };

        var stats = GateStatistics.Compute(steps);

        Assert.Equal([0.0, 0.5, 0.5], stats.Select(s => s.SaturatedFraction));
    }

    [Fact]
    public void Compute_LstmWithForgetBias30_ReportsForgetGateFullySaturated()
    {
        var rng = new Rng(5);
        var cell = new LstmCell<double>(3, 4, rng);
        cell.BiasIh.Value.AsSpan().Slice(4, 4).Fill(30);
        var h = new Tensor<double>(2, 4);
        var c = new Tensor<double>(2, 4);
        var steps = new List<CellStep<double>>();
        for (int t = 0; t < 3; t++)
        {
            var step = cell.Forward(rng.Uniform<double>(-1, 1, 2, 3), h, c);
            (h, c) = (step.Hidden, step.Cell!);
            steps.Add(step);
        }

        var forget = GateStatistics.Compute(steps)[1];

        Assert.Equal(1.0, forget.SaturatedFraction);
        Assert.Equal(24, forget.Count);
    }

    [Fact]
    public void Compute_MixedLstmAndGruSteps_NamesArgumentAndBothKinds()
    {
        var steps = new CellStep<double>[]
        {
            Lstm(i: [0.5, 0.5, 0.5, 0.5], f: [0.5, 0.5, 0.5, 0.5], g: [0, 0, 0, 0], o: [0.5, 0.5, 0.5, 0.5]),
            Gru(r: [0.5, 0.5, 0.5, 0.5], z: [0.5, 0.5, 0.5, 0.5], n: [0, 0, 0, 0]),
        };

        var ex = Assert.Throws<ArgumentException>(() => GateStatistics.Compute(steps));
        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("LstmStep", ex.Message);
        Assert.Contains("GruStep at index 1", ex.Message);
    }

    [Fact]
    public void Compute_RnnStep_NamesArgumentAndStepType()
    {
        var cell = new RnnCell<double>(3, 4, new Rng(1));
        var step = cell.Forward(new Tensor<double>(2, 3), new Tensor<double>(2, 4));

        var ex = Assert.Throws<ArgumentException>(() => GateStatistics.Compute([step]));
        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("LstmStep or GruStep", ex.Message);
        Assert.Contains("got CellStep", ex.Message);
    }

    [Fact]
    public void Compute_NoSteps_NamesArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => GateStatistics.Compute(Array.Empty<CellStep<double>>()));
        Assert.Equal("steps", ex.ParamName);
        Assert.Contains("got none", ex.Message);
    }

    private static void AssertRow(GateStatistic row, string gate, string activation, double mean, double saturated)
    {
        Assert.Equal(gate, row.Gate);
        Assert.Equal(activation, row.Activation);
        Assert.True(Math.Abs(row.Mean - mean) < 1e-12, $"{gate} mean {row.Mean} vs {mean}");
        Assert.True(Math.Abs(row.SaturatedFraction - saturated) < 1e-12, $"{gate} saturated {row.SaturatedFraction} vs {saturated}");
    }

    /// <summary>A hand-made LSTM step, B = 2 and H = 2; only the gate values matter here.</summary>
    private static LstmStep<double> Lstm(double[] i, double[] f, double[] g, double[] o) =>
        new(Zeros(), Zeros(), Zeros(), Zeros(), Zeros(), Of(i), Of(f), Of(g), Of(o), Zeros());

    /// <summary>A hand-made GRU step, B = 2 and H = 2; only the gate values matter here.</summary>
    private static GruStep<double> Gru(double[] r, double[] z, double[] n) =>
        new(Zeros(), Zeros(), Zeros(), Of(r), Of(z), Of(n), Zeros());

    private static Tensor<double> Of(double[] values) => Tensor<double>.FromArray(values, 2, 2);

    private static Tensor<double> Zeros() => new(2, 2);
}
