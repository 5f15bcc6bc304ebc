using Microsoft.DotNet.Interactive.Formatting;
using RnnLabs.Diagnostics;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive;

/// <summary>
/// The text/html formatters for the library's own types that need no Plotly.NET, so that a cell's trailing
/// expression shows something useful. Registering again (a re-run setup cell) is harmless: the newest
/// registration of a type wins.
/// </summary>
internal static class NotebookFormatters
{
    /// <summary>The MIME type every formatter here writes.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>Registers the formatters for setup status, tensors, gradient-check reports and exercise results.</summary>
    public static void Register()
    {
        Formatter.Register<SetupStatus>((status, writer) => writer.Write(status.ToHtml()), HtmlMimeType);
        Formatter.Register<GradCheckReport>((report, writer) => writer.Write(GradCheckHtml.Render(report)), HtmlMimeType);
        Formatter.Register<ExerciseResult>((result, writer) => writer.Write(result.ToHtml()), HtmlMimeType);
        Formatter.Register(typeof(Tensor<>), (tensor, writer) => writer.Write(TensorHtml.Render(tensor)), HtmlMimeType);
    }
}
