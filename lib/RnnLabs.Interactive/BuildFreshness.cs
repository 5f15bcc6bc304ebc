using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace RnnLabs.Interactive;

/// <summary>
/// Detects a library rebuilt after the kernel loaded it. A running kernel keeps the assembly it loaded first, even
/// when the setup cell's <c>#r</c> is run again after a rebuild, so the notebook would silently run old code.
/// Builds are deterministic: the module version id (MVID) in the file changes exactly when the code changes, so a
/// loaded MVID that differs from the one in the file on disk means "restart the kernel".
/// </summary>
internal static class BuildFreshness
{
    /// <summary>File names of the given assemblies whose file on disk no longer matches what is loaded.</summary>
    public static IReadOnlyList<string> Stale(params Assembly[] assemblies) =>
        assemblies.Where(IsStale).Select(a => Path.GetFileName(a.Location)).ToList();

    /// <summary>True when the file <paramref name="assembly"/> was loaded from now holds a different build.</summary>
    public static bool IsStale(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return false;
        }

        var onDisk = ModuleVersionId(assembly.Location);
        return onDisk is Guid mvid && mvid != assembly.ManifestModule.ModuleVersionId;
    }

    /// <summary>The MVID stored in an assembly file, or null if the file is missing or being rewritten.</summary>
    public static Guid? ModuleVersionId(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
