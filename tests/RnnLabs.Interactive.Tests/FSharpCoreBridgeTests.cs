using System.Reflection;
using System.Runtime.Loader;
using Microsoft.FSharp.Core;

namespace RnnLabs.Interactive.Tests;

public class FSharpCoreBridgeTests
{
    private static readonly Assembly LoadedFSharpCore = typeof(FSharpOption<int>).Assembly;

    [Fact]
    public void Resolve_FSharpCoreOfAHigherVersion_ReturnsTheLoadedFSharpCore()
    {
        var requested = new AssemblyName("FSharp.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");

        Assert.Same(LoadedFSharpCore, FSharpCoreBridge.Resolve(AssemblyLoadContext.Default, requested));
    }

    [Fact]
    public void Resolve_OtherNames_ReturnsNull()
    {
        Assert.Null(FSharpCoreBridge.Resolve(AssemblyLoadContext.Default, new AssemblyName("FSharp.Compiler.Service, Version=99.0.0.0")));
        Assert.Null(FSharpCoreBridge.Resolve(AssemblyLoadContext.Default, new AssemblyName("Newtonsoft.Json")));
    }

    [Fact]
    public void Install_WhenTheBoundFSharpCoreIsNewEnough_DoesNothing()
    {
        var context = new AssemblyLoadContext("bridge-not-needed", isCollectible: true);

        Assert.Equal(FSharpCoreBridgeState.NotNeeded, FSharpCoreBridge.Install(context, new Version(4, 0)));
        Assert.Equal(FSharpCoreBridgeState.NotNeeded, FSharpCoreBridge.Install(context, required: null));
        Assert.Equal(FSharpCoreBridgeState.Installed, FSharpCoreBridge.Install(context, new Version(99, 0)));
    }

    [Fact]
    public void Install_WhenANewerFSharpCoreIsRequired_InstallsOnceAndAnswersWithTheLoadedOne()
    {
        var context = new AssemblyLoadContext("bridge-needed", isCollectible: true);

        var first = FSharpCoreBridge.Install(context, new Version(99, 0));
        var second = FSharpCoreBridge.Install(context, new Version(99, 0));
        var resolved = context.LoadFromAssemblyName(new AssemblyName("FSharp.Core, Version=99.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"));

        Assert.Equal(FSharpCoreBridgeState.Installed, first);
        Assert.Equal(FSharpCoreBridgeState.AlreadyInstalled, second);
        Assert.Same(LoadedFSharpCore, resolved);
    }

    [Fact]
    public void RequiredByPlotly_ReadsFSharpCore10_1FromPlotlyNetMetadata()
    {
        var required = FSharpCoreBridge.RequiredByPlotly();

        Assert.NotNull(required);
        Assert.True(required >= new Version(10, 1), $"Plotly.NET references FSharp.Core {required}");
    }

    [Fact]
    public void ReferencedVersion_MissingFileOrReference_IsNull()
    {
        Assert.Null(FSharpCoreBridge.ReferencedVersion("/no/such/file.dll", "FSharp.Core"));
        Assert.Null(FSharpCoreBridge.ReferencedVersion(typeof(RnnLabs.Tensors.Rng).Assembly.Location, "FSharp.Core"));
    }
}
