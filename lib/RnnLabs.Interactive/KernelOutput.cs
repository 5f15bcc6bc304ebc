using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace RnnLabs.Interactive;

/// <summary>
/// Shows a value as a new output of the running cell such that <see cref="DisplayedValue.Update"/> replaces it
/// in place. The stock <c>display(x)</c> / <c>x.Display()</c> of kernel 1.0.712001 sends the output under one
/// display id and returns a <see cref="DisplayedValue"/> with another, so over Jupyter (nbclient, JupyterLab)
/// its updates match nothing and are dropped. The kernel's own
/// <c>KernelInvocationContextExtensions.Display(context, value, mimeTypes)</c> publishes the very
/// <see cref="DisplayedValue"/> it returns; it is reached by reflection because this library references only the
/// kernel's formatting package.
/// </summary>
internal static class KernelOutput
{
    private const string ContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext, Microsoft.DotNet.Interactive";
    private const string ExtensionsType = "Microsoft.DotNet.Interactive.KernelInvocationContextExtensions, Microsoft.DotNet.Interactive";

    /// <summary>Displays <paramref name="value"/> with the given MIME types (none: the type's preferred ones).</summary>
    public static DisplayedValue Display(object value, params string[] mimeTypes) =>
        TryDisplay(value, mimeTypes) ?? value.Display(mimeTypes);

    /// <summary>Displays <paramref name="value"/> in the running kernel cell; null (and nothing shown) outside a kernel.</summary>
    public static DisplayedValue? TryDisplay(object value, params string[] mimeTypes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(mimeTypes);
        var contextType = Type.GetType(ContextType, throwOnError: false);
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        var display = context is null
            ? null
            : Type.GetType(ExtensionsType, throwOnError: false)?.GetMethod("Display", [contextType!, typeof(object), typeof(string[])]);
        return display?.Invoke(null, [context, value, mimeTypes]) as DisplayedValue;
    }
}
