using Plotly.NET;
using RnnLabs.Diagnostics;
using RnnLabs.Interactive.Tests.Support;

namespace RnnLabs.Interactive.Tests;

public class ChartTests
{
    [Fact]
    public void Lines_Html_CallsNewPlotOnTheGlobalPlotlyWithTheData()
    {
        var chart = Charts.Lines("Two lines", "step", "value", false, ("a", [0, 1, 2], [1.5, 2.5, 3.5]), ("b", [0, 1], [7.25, 8.125]));

        string html = ChartHtml.Render(chart);

        Assert.Matches("<div id=\"rnnlabs-chart-[0-9a-f]{32}\"", html);
        Assert.Contains("window.Plotly.newPlot(target, figure.data", html);
        Assert.Contains("\"name\":\"a\"", html);
        Assert.Contains("\"y\":[1.5,2.5,3.5]", html);
        Assert.Contains("\"y\":[7.25,8.125]", html);
        Assert.Contains("\"text\":\"Two lines\"", html);
        Assert.Contains("\"text\":\"step\"", html);
        AssertNoExternalPlotly(html);
    }

    [Fact]
    public void GradientNormsOverTime_UsesALogYAxisWithPowerTicks()
    {
        double[] small = [1e-10, 1e-5, 1.0];
        var chart = Charts.GradientNormsOverTime(("ρ = 0.5", small), ("ρ = 3", new List<double> { 100, 10, 1 }));

        string json = GenericChart.toJson(chart);

        Assert.Contains("\"type\":\"log\"", json);
        Assert.Contains("\"exponentformat\":\"power\"", json);
        Assert.Contains("\"name\":\"ρ = 0.5\"", json);
        Assert.Contains("\"y\":[1E-10,1E-05,1.0]", json);
        Assert.Contains("\"x\":[0.0,1.0,2.0]", json);
    }

    [Fact]
    public void GradientNormsOverTime_FromRecordedNorms_HasOneSeriesPerLayerAndDirection()
    {
        var rnn = new Recurrent.Rnn<double>(new Recurrent.RecurrentOptions(2, 3) { NumLayers = 2, Bidirectional = true }, new Tensors.Rng(1));
        var y = rnn.Forward(new Tensors.Rng(2).Normal<double>(0, 1, 4, 1, 2), training: true).Output;
        rnn.Backward(Tensors.Tensor<double>.Full(1.0, y.Shape.ToArray()));

        string json = GenericChart.toJson(Charts.GradientNormsOverTime(rnn.HiddenGradientNorms!));

        foreach (string name in new[] { "layer 0 →", "layer 0 ←", "layer 1 →", "layer 1 ←" })
        {
            Assert.Contains($"\"name\":\"{name}\"", json);
        }
    }

    [Fact]
    public void GradientNormHeatmap_ColoursByLog10WithPowerOfTenTicks()
    {
        double[][] norms = [[1e-3, 1e-2, 1e-1], [1e-2, 1e-1, 0]];

        string json = GenericChart.toJson(Charts.GradientNormHeatmap(norms, [10, 20]));

        Assert.Contains("\"type\":\"heatmap\"", json);
        Assert.Contains("\"z\":[[-3.0,-2.0,-1.0],[-2.0,-1.0,\"NaN\"]]", json);
        Assert.Contains("\"y\":[10,20]", json);
        Assert.Contains("\"ticktext\":[\"1e-3\",\"1e-2\",\"1e-1\"]", json);
    }

    [Fact]
    public void GradientNormHeatmap_RaggedRows_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.GradientNormHeatmap([[1, 2, 3], [1, 2]]));

        Assert.Equal("normsPerRecordedStep", e.ParamName);
        Assert.Contains("normsPerRecordedStep[1]: expected 3 norms like row 0, got 2", e.Message);
    }

    [Fact]
    public void LossCurves_DrawsTrainSmoothedAndValidationAgainstStep()
    {
        var history = Fixtures.History();

        string json = GenericChart.toJson(Charts.LossCurves(history));

        Assert.Contains("\"name\":\"train (per step)\"", json);
        Assert.Contains("\"name\":\"train (smoothed)\"", json);
        Assert.Contains("\"name\":\"validation\"", json);
        Assert.Contains("\"x\":[4.0,8.0,12.0]", json);
    }

    [Fact]
    public void LossCurves_EmptyHistory_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.LossCurves(new Training.TrainingHistory()));

        Assert.Equal("history", e.ParamName);
    }

    [Fact]
    public void GateActivations_ShowsMeanAndSaturationPerGate()
    {
        var stats = new List<GateStatistic> { new("i", "sigmoid", 0.5, 0.1, 10), new("g", "tanh", -0.2, 0.3, 10) };

        string json = GenericChart.toJson(Charts.GateActivations(stats));

        Assert.Contains("\"type\":\"bar\"", json);
        Assert.Contains("\"x\":[\"i (σ)\",\"g (tanh)\"]", json);
        Assert.Contains("\"y\":[0.5,-0.2]", json);
        Assert.Contains("\"y\":[0.1,0.3]", json);
    }

    [Fact]
    public void PredictionsVsTruth_DrawsBothSeries_AndRejectsLengthMismatch()
    {
        string json = GenericChart.toJson(Charts.PredictionsVsTruth([1, 2, 3], [1.1, 1.9, 3.2]));
        var e = Assert.Throws<ArgumentException>(() => Charts.PredictionsVsTruth([1, 2, 3], [1, 2]));

        Assert.Contains("\"name\":\"truth\"", json);
        Assert.Contains("\"y\":[1.1,1.9,3.2]", json);
        Assert.Equal("predicted", e.ParamName);
        Assert.Contains("expected predicted of length 3 (truth), got 2", e.Message);
    }

    [Fact]
    public void Render_TitleWithScriptEnd_CannotCloseTheScriptElement()
    {
        string html = ChartHtml.Render(Charts.Lines("a </script><b>", "x", "y", false, ("s", [0.0], [1.0])));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("<\\/script>", html);
    }

    [Fact]
    public void Thin_LongSeries_KeepsAtMostMaxPointsAndTheLastPoint()
    {
        var x = Enumerable.Range(0, 10_001).Select(i => (double)i).ToArray();

        var (xs, ys) = ChartStyle.Thin(x, x, maxPoints: 2000);

        Assert.InRange(xs.Length, 1000, 2001);
        Assert.Equal(0, xs[0]);
        Assert.Equal(10_000, xs[^1]);
        Assert.Equal(xs, ys);
    }

    [Fact]
    public void Round_KeepsSixSignificantDigits()
    {
        Assert.Equal(0.123457, ChartStyle.Round(0.123456789));
        Assert.Equal(1.23457e-12, ChartStyle.Round(1.234567e-12));
        Assert.True(double.IsNaN(ChartStyle.Round(double.NaN)));
    }

    [Fact]
    public void Smooth_ConstantSeries_StaysConstantFromTheFirstStep()
    {
        var smoothed = Charts.Smooth([2.0, 2.0, 2.0, 2.0], 0.9);

        Assert.All(smoothed, v => Assert.Equal(2.0, v, 12));
    }

    private static void AssertNoExternalPlotly(string html)
    {
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("require", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("plotly.js (cartesian", html, StringComparison.Ordinal);
    }
}
