using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace RnnLabs.Interactive;

/// <summary>What <see cref="Notebook.Setup"/> did about FSharp.Core.</summary>
public enum FSharpCoreBridgeState
{
    /// <summary>The FSharp.Core the process binds is at least the version Plotly.NET references: nothing to do.</summary>
    NotNeeded,

    /// <summary>The bridge was installed by this call.</summary>
    Installed,

    /// <summary>An earlier call (a re-run setup cell) had installed it already.</summary>
    AlreadyInstalled,
}

/// <summary>
/// Lets Plotly.NET run on a host whose FSharp.Core is older than the one it was built against. The .NET Interactive
/// kernel 1.0.712001 ships FSharp.Core 10.0 and Plotly.NET 6 references 10.1, so the first Plotly.NET call fails
/// with FileNotFoundException. The host's FSharp.Core is already loaded (the kernel runs F# too) and only one copy
/// can serve both, so a <see cref="AssemblyLoadContext.Resolving"/> handler answers every FSharp.Core request with
/// the loaded one (Plotly.NET 6 runs on FSharp.Core 10.0: checked on that kernel).
/// <para>
/// The handler must be in place before any method that mentions an F# or Plotly.NET type is JIT-compiled, because
/// compiling such a method loads the assemblies it names.
/// </para>
/// </summary>
internal static class FSharpCoreBridge
{
    /// <summary>Simple name of the F# core library.</summary>
    public const string FSharpCore = "FSharp.Core";

    /// <summary>
    /// The load contexts that already carry the handler. This is the one piece of static mutable state in the
    /// library, and it cannot be avoided: a Resolving handler is process-wide and outlives the notebook cell that
    /// installed it, and an event does not tell who subscribed, so this set is what makes re-running the setup
    /// cell install nothing twice. Keys are held weakly.
    /// </summary>
    private static readonly ConditionalWeakTable<AssemblyLoadContext, object> Bridged = new();

    /// <summary>
    /// Installs the handler on <paramref name="context"/> unless the FSharp.Core it binds already has at least
    /// <paramref name="required"/> version (or none is found, or <paramref name="required"/> is unknown).
    /// </summary>
    public static FSharpCoreBridgeState Install(AssemblyLoadContext context, Version? required)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bound = Bind(context);
        if (bound is null || required is null || bound.GetName().Version >= required)
        {
            return FSharpCoreBridgeState.NotNeeded;
        }

        if (!Bridged.TryAdd(context, bound))
        {
            return FSharpCoreBridgeState.AlreadyInstalled;
        }

        context.Resolving += Resolve;
        return FSharpCoreBridgeState.Installed;
    }

    /// <summary>
    /// The handler: a request for FSharp.Core (any version) gets the FSharp.Core loaded in
    /// <paramref name="context"/> or in the default context; any other name gets null, so other handlers and the
    /// usual failure still apply.
    /// </summary>
    public static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requested);
        return string.Equals(requested.Name, FSharpCore, StringComparison.OrdinalIgnoreCase)
            ? context.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies).FirstOrDefault(IsFSharpCore)
            : null;
    }

    /// <summary>
    /// The version of <paramref name="referenceName"/> that the assembly file at <paramref name="assemblyPath"/>
    /// references, read from its metadata without loading it; null if the file or the reference is absent.
    /// </summary>
    public static Version? ReferencedVersion(string assemblyPath, string referenceName)
    {
        if (!File.Exists(assemblyPath))
        {
            return null;
        }

        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, referenceName))
            {
                return reference.Version;
            }
        }

        return null;
    }

    /// <summary>The FSharp.Core version Plotly.NET.dll (beside this library) was built against.</summary>
    public static Version? RequiredByPlotly()
    {
        string directory = Path.GetDirectoryName(typeof(FSharpCoreBridge).Assembly.Location) ?? "";
        return ReferencedVersion(Path.Combine(directory, "Plotly.NET.dll"), FSharpCore);
    }

    private static Assembly? Bind(AssemblyLoadContext context)
    {
        try
        {
            return context.LoadFromAssemblyName(new AssemblyName(FSharpCore));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }

    private static bool IsFSharpCore(Assembly assembly) =>
        string.Equals(assembly.GetName().Name, FSharpCore, StringComparison.OrdinalIgnoreCase);
}
