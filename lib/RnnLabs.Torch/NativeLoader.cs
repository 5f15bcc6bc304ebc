using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnLabs.Torch;

/// <summary>
/// Loads TorchSharp's native wrapper from beside this assembly before TorchSharp looks for it. A host such as the
/// .NET Interactive kernel searches for native libraries next to its own executable, not next to an assembly a
/// notebook loaded with <c>#r</c>, so there TorchSharp would fail (or fall back to copying libtorch into the NuGet
/// cache). Once the wrapper at <c>runtimes/linux-x64/native/libLibTorchSharp.so</c> — the copy patched for Debian 12
/// by Directory.Build.targets — is loaded, the dynamic loader hands it to TorchSharp's own lookup by its soname, and
/// its libtorch dependencies resolve from the same folder through its <c>$ORIGIN</c> run path.
/// </summary>
internal static class NativeLoader
{
#pragma warning disable CA2255 // A library module initializer is the point: it must run before any TorchSharp call, in any host.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void LoadWrapperBesideAssembly()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string folder = Path.GetDirectoryName(typeof(NativeLoader).Assembly.Location) ?? "";
        string wrapper = Path.Combine(folder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(wrapper))
        {
            // A failure here is left to TorchSharp, whose own lookup then reports it with its diagnostics.
            NativeLibrary.TryLoad(wrapper, out _);
        }
    }
}
