using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using RnnLabs.Training;

namespace RnnLabs.Interactive;

/// <summary>
/// The text/html formatters that draw Plotly.NET charts: every <see cref="GenericChart"/> (ours and a student's
/// own Plotly.NET.CSharp charts) and <see cref="TrainingHistory"/> (loss chart plus final metrics). Touching this
/// class loads Plotly.NET, so it must run after the FSharp.Core bridge is installed.
/// </summary>
internal static class ChartFormatters
{
    /// <summary>
    /// Registers the chart formatters. Besides <see cref="GenericChart"/> itself they are registered for its two
    /// case classes (<c>GenericChart.Chart</c>, <c>GenericChart.MultiChart</c>): the kernel prefers the formatter
    /// of the most specific type, so a later <c>#r "nuget: Plotly.NET.Interactive"</c>, whose formatter for
    /// <see cref="GenericChart"/> loads plotly.js from a CDN, does not take over and charts keep drawing offline.
    /// </summary>
    public static void Register()
    {
        foreach (var type in ChartTypes())
        {
            Formatter.Register(type, (chart, writer) => writer.Write(ChartHtml.Render((GenericChart)chart)), NotebookFormatters.HtmlMimeType);
        }

        Formatter.Register<TrainingHistory>((history, writer) => writer.Write(TrainingHistoryHtml.Render(history)), NotebookFormatters.HtmlMimeType);
    }

    /// <summary><see cref="GenericChart"/> and its public nested case classes.</summary>
    internal static IEnumerable<Type> ChartTypes() =>
        typeof(GenericChart).GetNestedTypes()
            .Where(t => t.IsSubclassOf(typeof(GenericChart)))
            .Prepend(typeof(GenericChart));
}
