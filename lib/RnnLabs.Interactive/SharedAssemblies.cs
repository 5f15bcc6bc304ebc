using System.Runtime.Loader;

namespace RnnLabs.Interactive;

/// <summary>
/// Keeps one copy of Plotly.NET in the kernel process. The C# kernel loads a <c>#r</c>'d DLL into a private load
/// context that finds its dependencies (Plotly.NET beside RnnLabs.Interactive.dll) only after the default context
/// has declined them; a later <c>#r "nuget: Plotly.NET.Interactive"</c> loads its extension into the default
/// context, which then loads the NuGet cache's Plotly.NET. Two copies of one assembly make two distinct
/// <c>GenericChart</c> types: cells fail with MissingMethodException and the chart formatter no longer matches.
/// Loading the Plotly.NET family into the default context first makes every later request, from any context,
/// get that copy.
/// </summary>
internal static class SharedAssemblies
{
    /// <summary>The assemblies whose types cross between RnnLabs.Interactive, notebook cells and kernel extensions.</summary>
    public static readonly IReadOnlyList<string> PlotlyFamily = ["Plotly.NET", "Plotly.NET.CSharp", "DynamicObj", "Giraffe.ViewEngine", "Fable.Core"];

    /// <summary>
    /// Loads each of <paramref name="names"/> from <paramref name="directory"/> into <paramref name="context"/>
    /// unless that context already has an assembly of that name (then everyone shares that one) or the file is
    /// absent. Returns the names it loaded. Idempotent.
    /// </summary>
    public static IReadOnlyList<string> Preload(AssemblyLoadContext context, string directory, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(names);
        var loaded = new List<string>();
        foreach (string name in names)
        {
            string path = Path.Combine(directory, name + ".dll");
            bool present = context.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
            if (present || !File.Exists(path))
            {
                continue;
            }

            try
            {
                context.LoadFromAssemblyPath(path);
                loaded.Add(name);
            }
            catch (FileLoadException)
            {
                // Another thread loaded an assembly of that name meanwhile: that copy is the shared one.
            }
        }

        return loaded;
    }
}
