using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive.Formatting;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive;

/// <summary>
/// The notebooks' entry point. Every notebook's first code cell is the same:
/// <code>
/// #r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.dll"
/// #r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.Interactive.dll"
/// using RnnLabs.Tensors; …; using RnnLabs.Interactive;
/// Notebook.Setup()
/// </code>
/// </summary>
public static class Notebook
{
    /// <summary>
    /// Prepares the kernel for the course, in this order: (1) bridges FSharp.Core so Plotly.NET loads (see
    /// <see cref="FSharpCoreBridgeState"/>); (2) registers the HTML formatters for tensors, gradient-check reports
    /// and exercise results; (3) loads Plotly.NET into the kernel's default load context so that it exists once,
    /// also after a later <c>#r "nuget: Plotly.NET.Interactive"</c>; (4) only then registers the formatters for
    /// charts and training histories; (5) turns on line numbers in runtime errors of later cells; (6) checks that
    /// the libraries on disk are the ones loaded. The returned status, as the cell's value, prints one line and
    /// embeds plotly.js once for the whole notebook. Safe to run again.
    /// </summary>
    public static SetupStatus Setup()
    {
        var bridge = FSharpCoreBridge.Install(AssemblyLoadContext.Default, FSharpCoreBridge.RequiredByPlotly());
        NotebookFormatters.Register();
        string directory = Path.GetDirectoryName(typeof(Notebook).Assembly.Location) ?? "";
        SharedAssemblies.Preload(AssemblyLoadContext.Default, directory, SharedAssemblies.PlotlyFamily);
        bool plotlyReady = TryRegisterChartFormatters();
        string? lineNumbers = CellLineNumbers.Enable();
        var rnnLabs = typeof(Tensor<>).Assembly;
        return new SetupStatus(
            VersionOf(rnnLabs),
            Gemm.BestPath,
            Environment.ProcessorCount,
            PlotlyJs.Version,
            plotlyReady,
            bridge,
            lineNumbers,
            BuildFreshness.Stale(rnnLabs, typeof(Notebook).Assembly));
    }

    /// <summary>
    /// Displays <paramref name="value"/> as a new output of the running cell and returns the handle whose
    /// <see cref="DisplayedValue.Update"/> replaces that output in place. Use it instead of the kernel's
    /// <c>display(value)</c> whenever the output will be updated: in kernel 1.0.712001 the handle <c>display</c>
    /// returns carries a different display id than the output it sent, so under Jupyter (nbclient, JupyterLab,
    /// <c>./course run</c>) its updates are dropped.
    /// </summary>
    /// <param name="value">What to show; formatted like a cell's value.</param>
    /// <param name="mimeTypes">MIME types to send (none: the type's preferred ones, usually text/html).</param>
    public static DisplayedValue Display(object value, params string[] mimeTypes) => KernelOutput.Display(value, mimeTypes);

    /// <summary>
    /// Registers the chart formatters, reporting a load failure instead of throwing so that the setup cell still
    /// shows its status. Separate and never inlined: those formatters name Plotly.NET types, and compiling a
    /// method that names them loads Plotly.NET, which must wait until the bridge is installed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryRegisterChartFormatters()
    {
        try
        {
            ChartFormatters.Register();
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return false;
        }
    }

    private static string VersionOf(Assembly assembly)
    {
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        // The SDK appends the full commit hash; seven characters identify it, as in git log --oneline.
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }
}
