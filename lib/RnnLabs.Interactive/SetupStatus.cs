using System.Text;
using RnnLabs.Kernels;

namespace RnnLabs.Interactive;

/// <summary>
/// What <see cref="Notebook.Setup"/> found and did, shown by the setup cell. Its HTML is a one-line status and,
/// once per notebook, the inline plotly.js every chart of the notebook draws with.
/// </summary>
/// <param name="RnnLabsVersion">Informational version of RnnLabs.dll (version + commit).</param>
/// <param name="SimdPath">The matrix-multiply path this CPU runs (<see cref="Gemm.BestPath"/>).</param>
/// <param name="ProcessorCount">Logical processors available to the kernel.</param>
/// <param name="PlotlyJsVersion">Version of the inline plotly.js.</param>
/// <param name="PlotlyReady">True when the chart formatter is registered (Plotly.NET loaded).</param>
/// <param name="FSharpCore">What was done to let Plotly.NET load.</param>
/// <param name="CellLineNumbers">Null when runtime errors show cell line numbers, else why they do not.</param>
/// <param name="StaleAssemblies">Libraries rebuilt since the kernel loaded them: restart the kernel.</param>
public sealed record SetupStatus(
    string RnnLabsVersion,
    SimdPath SimdPath,
    int ProcessorCount,
    string PlotlyJsVersion,
    bool PlotlyReady,
    FSharpCoreBridgeState FSharpCore,
    string? CellLineNumbers,
    IReadOnlyList<string> StaleAssemblies)
{
    /// <summary>True when the notebook can rely on everything the setup cell promises.</summary>
    public bool Ready => PlotlyReady && StaleAssemblies.Count == 0;

    /// <summary>The status line, e.g. <c>RnnLabs 1.0.0+3846ec9 · SIMD Vector256 · 2 cores · plotly.js 2.30.1 ready · cell line numbers on</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"RnnLabs {RnnLabsVersion} · SIMD {SimdPath} · {ProcessorCount} cores · plotly.js {PlotlyJsVersion} ");
        sb.Append(PlotlyReady ? "ready" : "NOT ready (Plotly.NET failed to load)");
        sb.Append(CellLineNumbers is null ? " · cell line numbers on" : $" · cell line numbers off ({CellLineNumbers})");
        if (FSharpCore != FSharpCoreBridgeState.NotNeeded)
        {
            sb.Append(" · FSharp.Core bridged");
        }

        if (StaleAssemblies.Count > 0)
        {
            string them = StaleAssemblies.Count == 1 ? "it" : "them";
            sb.Append($" · {string.Join(", ", StaleAssemblies)} rebuilt since the kernel loaded {them}: restart the kernel and run this cell again");
        }

        return sb.ToString();
    }

    /// <summary>The status line (with a warning box for a stale build) followed by the plotly.js script tag.</summary>
    internal string ToHtml()
    {
        string line = Html.Encode(ToString());
        string status = StaleAssemblies.Count > 0 || !PlotlyReady
            ? Html.Box(Html.WarnBackground, "⚠ " + line)
            : $"<div style=\"{Html.Caption} opacity: 0.75;\">✓ {line}</div>";
        return status + "\n" + PlotlyJs.ScriptTag();
    }
}
