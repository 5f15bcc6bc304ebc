using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive.Tests;

[Collection(nameof(GlobalFormatter))]
public class SetupTests
{
    private const string BundleHeader = "plotly.js (cartesian - minified) v2.30.1";

    [Fact]
    public void Setup_OutsideAKernel_ReportsVersionSimdCoresAndWhyLineNumbersAreOff()
    {
        var status = Notebook.Setup();

        Assert.True(status.PlotlyReady);
        Assert.Empty(status.StaleAssemblies);
        Assert.Equal(FSharpCoreBridgeState.NotNeeded, status.FSharpCore);
        Assert.Equal("2.30.1", status.PlotlyJsVersion);
        Assert.StartsWith("RnnLabs 1.0.0", status.ToString());
        Assert.Contains($"SIMD {Gemm.BestPath} · {Environment.ProcessorCount} cores · plotly.js 2.30.1 ready", status.ToString());
        Assert.Contains("cell line numbers off (not running in the .NET Interactive C# kernel)", status.ToString());
    }

    [Fact]
    public void SetupHtml_InlinesPlotlyExactlyOnce_AndLoadsNothingFromTheNetwork()
    {
        string html = Notebook.Setup().ToHtml();
        string withoutBundle = html.Replace(PlotlyJs.Bundle, "", StringComparison.Ordinal);

        Assert.Equal(1, Count(html, BundleHeader));
        Assert.Equal(html.Length - PlotlyJs.Bundle.Length, withoutBundle.Length);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn", withoutBundle, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("requirejs", withoutBundle, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SetupHtml_RunsTheBundleWithAmdAndCommonJsHidden_OncePerPage()
    {
        string html = Notebook.Setup().ToHtml();

        Assert.Contains("if (typeof window.Plotly === \"undefined\") {\n(function (define, module, exports, require) {\n/**", html);
        Assert.Contains("\n}).call(window);\n}\n</script>", html);
    }

    [Fact]
    public void Status_WithAStaleLibrary_TellsToRestartTheKernel()
    {
        var status = Notebook.Setup() with { StaleAssemblies = ["RnnLabs.dll"] };

        Assert.False(status.Ready);
        Assert.Contains("RnnLabs.dll rebuilt since the kernel loaded it: restart the kernel and run this cell again", status.ToString());
        Assert.Contains(Html.WarnBackground, status.ToHtml());
    }

    [Fact]
    public void BuildFreshness_LoadedFileUnchanged_IsFresh()
    {
        var assembly = typeof(Tensor<>).Assembly;

        Assert.False(BuildFreshness.IsStale(assembly));
        Assert.Equal(assembly.ManifestModule.ModuleVersionId, BuildFreshness.ModuleVersionId(assembly.Location));
    }

    [Fact]
    public void BuildFreshness_FileReplacedByAnotherBuild_IsStale()
    {
        string directory = Directory.CreateTempSubdirectory("rnnlabs-fresh-").FullName;
        try
        {
            string path = Path.Combine(directory, "RnnLabs.dll");
            File.Copy(typeof(Tensor<>).Assembly.Location, path);
            var context = new System.Runtime.Loader.AssemblyLoadContext("fresh", isCollectible: true);
            var loaded = context.LoadFromAssemblyPath(path);
            bool freshBefore = !BuildFreshness.IsStale(loaded);

            // A rebuild writes a new file (new inode) in place of the old one.
            File.Delete(path);
            File.Copy(typeof(Notebook).Assembly.Location, path);

            Assert.True(freshBefore);
            Assert.True(BuildFreshness.IsStale(loaded));
            Assert.Equal(["RnnLabs.dll"], BuildFreshness.Stale(loaded));
            context.Unload();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ModuleVersionId_MissingFile_IsNull() => Assert.Null(BuildFreshness.ModuleVersionId("/no/such/RnnLabs.dll"));

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
