using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using RnnLabs.Diagnostics;
using RnnLabs.Interactive.Tests.Support;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive.Tests;

/// <summary>Tests that register formatters share the kernel formatter's global table, so they run one at a time.</summary>
[CollectionDefinition(nameof(GlobalFormatter), DisableParallelization = true)]
public sealed class GlobalFormatter;

[Collection(nameof(GlobalFormatter))]
public class FormatterTests
{
    private const string Html = "text/html";

    public FormatterTests() => Notebook.Setup();

    [Fact]
    public void SmallTensor_ShowsShapeTypeAndEveryValue()
    {
        var t = Tensor<float>.FromArray([1.5f, -2, 3, 4, 5, 6.25f], 2, 3);

        string html = t.ToDisplayString(Html);

        Assert.Contains("Tensor&lt;float&gt; [2, 3]", html);
        Assert.Contains("min -2 · max 6.25", html);
        foreach (string v in new[] { ">1.5<", ">-2<", ">3<", ">4<", ">5<", ">6.25<" })
        {
            Assert.Contains(v, html);
        }

        Assert.DoesNotContain("…", html);
    }

    [Fact]
    public void LargeMatrix_IsClippedToEightByEightWithEllipses()
    {
        var t = new Tensor<double>(12, 10);
        for (int i = 0; i < 12; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                t[i, j] = 100 * i + j;
            }
        }

        string html = t.ToDisplayString(Html);

        Assert.Contains(">…<", html);
        Assert.Contains(">⋮<", html);
        Assert.Contains(">⋱<", html);
        Assert.Contains(">1109<", html);
        Assert.Contains(">303<", html);
        Assert.DoesNotContain(">404<", html);
        Assert.DoesNotContain(">5<", html);
        Assert.Equal(8 * 8, System.Text.RegularExpressions.Regex.Matches(html, @">-?\d+<").Count - 8 - 8);
    }

    [Fact]
    public void Rank3Tensor_ShowsFirstAndLastSlice()
    {
        var t = new Rng(1).Normal<double>(0, 1, 5, 2, 3);

        string html = t.ToDisplayString(Html);

        Assert.Contains("[0, :, :]", html);
        Assert.Contains("[4, :, :]", html);
        Assert.Contains("⋮ 3 more slices", html);
        Assert.DoesNotContain("[1, :, :]", html);
    }

    [Fact]
    public void TensorWithNaN_SaysSoInTheSummary()
    {
        var t = Tensor<double>.FromArray([1, double.NaN, double.PositiveInfinity, 2], 4);

        string html = t.ToDisplayString(Html);

        Assert.Contains("2 NaN/±∞", html);
        Assert.Contains(">NaN<", html);
    }

    [Fact]
    public void GradCheckReport_ColoursEachTensorAtTheLibraryBar()
    {
        var x = Tensor<double>.FromArray([0.5, -1, 2], 3);
        var good = Tensor<double>.FromArray([1.0, -2, 4], 3);
        var bad = Tensor<double>.FromArray([1.0, -2, 4.1], 3);
        var y = Tensor<double>.FromArray([0.3, 0.7, -0.2], 3);
        var report = GradCheck.Compare(
            () => x.AsSpan().ToArray().Sum(v => v * v) + y.AsSpan().ToArray().Sum(v => v * v),
            [("x", x, good), ("y", y, bad)]);

        string html = report.ToDisplayString(Html);

        Assert.Contains("✗ gradient check failed: 1 of 2 tensors above 1.0e-7", html);
        Assert.Matches("<tr style=\"background: rgba\\(40, 167, 69, 0.15\\);\"><td[^>]*>x</td>.*✓ pass", html);
        Assert.Matches("<tr style=\"background: rgba\\(220, 53, 69, 0.18\\);\"><td[^>]*>y</td>.*✗ fail", html);
    }

    [Fact]
    public void TrainingHistory_ShowsLossChartAndFinalMetrics()
    {
        var history = Fixtures.History();

        string html = history.ToDisplayString(Html);

        Assert.Contains("window.Plotly.newPlot", html);
        Assert.Contains(">steps<", html);
        Assert.Contains(">12<", html);
        Assert.Contains(">final validation loss<", html);
        Assert.Contains(">best validation loss<", html);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GenericChart_AnyCase_UsesOurOfflineFormatter()
    {
        var single = Plotly.NET.CSharp.Chart.Point<double, double, string>([1.0, 2], [3.0, 4]);
        var multi = Plotly.NET.CSharp.Chart.Combine([single, single]);

        Assert.Contains("window.Plotly.newPlot", single.ToDisplayString(Html));
        Assert.Contains("window.Plotly.newPlot", multi.ToDisplayString(Html));
    }

    [Fact]
    public void GenericChart_ALaterFormatterForGenericChart_DoesNotTakeOver()
    {
        // What #r "nuget: Plotly.NET.Interactive" registers: a GenericChart formatter that loads plotly.js from a CDN.
        Formatter.Register<GenericChart>((chart, writer) => writer.Write("<script src=\"https://cdn.plot.ly/plotly-2.27.1.min.js\"></script>"), Html);
        var chart = Charts.Lines("t", "x", "y", false, ("s", [0.0, 1], [1.0, 2]));

        string html = chart.ToDisplayString(Html);

        Assert.Contains("window.Plotly.newPlot", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
    }

    [Fact]
    public void ExerciseResult_ShowsTheVerdictBox()
    {
        var result = Exercise.Check("σ′", z => z, z => z, samples: 2);

        Assert.Contains("✓ exercise &#39;σ′&#39;: all 2 random inputs agree", result.ToDisplayString(Html));
    }
}
