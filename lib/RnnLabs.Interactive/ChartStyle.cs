using System.Globalization;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using FSharpChart = Plotly.NET.Chart;

namespace RnnLabs.Interactive;

/// <summary>
/// The one look of the course's charts: title, axis labels, optional log axes, a fixed size, tight margins, and no
/// Plotly.NET default template (it adds ~8 KB of JSON per chart; plotly.js's own defaults are clean). Also the data
/// shaping every chart shares: fewer points and shorter numbers, since each executed notebook must stay small.
/// </summary>
internal static class ChartStyle
{
    /// <summary>Default chart width in pixels.</summary>
    public const int Width = 720;

    /// <summary>Default chart height in pixels.</summary>
    public const int Height = 380;

    /// <summary>Most points drawn per series; longer series are thinned evenly (their last point always kept).</summary>
    public const int MaxPoints = 2000;

    /// <summary>Applies the course look to <paramref name="chart"/>.</summary>
    public static GenericChart Apply(
        GenericChart chart, string title, string xLabel, string yLabel, bool logY = false, int width = Width, int height = Height)
    {
        Optional<StyleParam.AxisType> yType = default;
        if (logY)
        {
            yType = StyleParam.AxisType.Log;
        }

        chart = chart
            .WithXAxisStyle<double, double, string>(TitleText: xLabel, ShowLine: true, ZeroLine: false)
            .WithYAxisStyle<double, double, string>(TitleText: yLabel, AxisType: yType, ShowLine: true, ZeroLine: false)
            .WithSize(Width: width, Height: height);
        var margin = Margin.init<int, int, int, int, int, bool>(
            Left: Some(70), Right: Some(30), Top: Some(50), Bottom: Some(55), Pad: FSharpOption<int>.None, Autoexpand: Some(true));
        chart = FSharpChart.withMargin(margin).Invoke(chart);
        if (logY && GenericChart.getLayout(chart).TryGetPropertyValue("yaxis") is { Value: DynamicObj.DynamicObj yAxis })
        {
            // 10⁻⁵ rather than plotly's default SI suffix "10µ", which misreads on a gradient-norm axis.
            yAxis.SetProperty("exponentformat", "power");
        }

        return FSharpChart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
    }

    /// <summary>
    /// A value rounded to 6 significant digits, enough for any chart and a third of the JSON of a full double.
    /// NaN and ±∞ pass through: Plotly.NET writes them as strings, which plotly.js leaves out as gaps.
    /// </summary>
    public static double Round(double value) =>
        double.IsFinite(value) && value != 0
            ? double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;

    /// <summary>
    /// (x, y) thinned to at most <paramref name="maxPoints"/> evenly spaced points, the last one kept, and rounded.
    /// </summary>
    public static (double[] X, double[] Y) Thin(IReadOnlyList<double> x, IReadOnlyList<double> y, int maxPoints = MaxPoints)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Chart series: expected x and y of equal length, got {x.Count} and {y.Count}", nameof(y));
        }

        int n = x.Count;
        int stride = Math.Max(1, (n + maxPoints - 1) / maxPoints);
        var keep = Enumerable.Range(0, n).Where(i => i % stride == 0 || i == n - 1).ToArray();
        return (keep.Select(i => Round(x[i])).ToArray(), keep.Select(i => Round(y[i])).ToArray());
    }

    /// <summary>0, 1, …, <paramref name="count"/> − 1 as doubles: the x of a series given by index.</summary>
    public static double[] Indices(int count) => Enumerable.Range(0, count).Select(i => (double)i).ToArray();

    private static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);
}
