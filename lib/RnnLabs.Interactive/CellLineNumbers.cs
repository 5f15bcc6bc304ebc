using System.Reflection;
using System.Text;

namespace RnnLabs.Interactive;

/// <summary>
/// Makes runtime exceptions in notebook cells show line numbers. The stock C# kernel compiles each cell without
/// debug information, so a stack trace names <c>Submission#7</c> but no line. The kernel keeps its Roslyn
/// <c>ScriptOptions</c> in the private field <c>CSharpKernel._scriptOptions</c> and passes them to every later
/// submission; turning on debug information there (with a file name and an encoding, which Roslyn needs to emit
/// it for source given as a string) makes traces end in <c>…/cell:line 3</c>, counted from the cell's first line.
/// <para>
/// This is reflection on a private field of a frozen kernel release (1.0.712001, whose code will not change).
/// If the field is not there, nothing happens and <see cref="SetupStatus.CellLineNumbers"/> says so.
/// Lines that the kernel strips before compiling (<c>#r "nuget: …"</c>, <c>#!</c> magics) are not counted.
/// </para>
/// </summary>
internal static class CellLineNumbers
{
    /// <summary>File name given to every cell; stack traces show it as <c>&lt;working dir&gt;/cell:line N</c>.</summary>
    public const string CellFileName = "cell";

    private const string InvocationContextType = "Microsoft.DotNet.Interactive.KernelInvocationContext, Microsoft.DotNet.Interactive";
    private const string CSharpKernelType = "Microsoft.DotNet.Interactive.CSharp.CSharpKernel";
    private const string OptionsField = "_scriptOptions";

    /// <summary>
    /// Turns debug information on for the C# kernel running the current cell. Returns null on success, else why it
    /// could not (not in a kernel, or a kernel without the expected field). Idempotent: the options only gain
    /// settings that are already there on a second call.
    /// </summary>
    public static string? Enable()
    {
        var kernel = FindCSharpKernel();
        if (kernel is null)
        {
            return "not running in the .NET Interactive C# kernel";
        }

        var field = kernel.GetType().GetField(OptionsField, BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(kernel) is not { } options)
        {
            return $"this kernel has no {OptionsField} field";
        }

        try
        {
            options = With(options, "WithEmitDebugInformation", typeof(bool), true);
            options = With(options, "WithFileEncoding", typeof(Encoding), Encoding.UTF8);
            options = With(options, "WithFilePath", typeof(string), CellFileName);
        }
        catch (MissingMethodException e)
        {
            return e.Message;
        }

        field.SetValue(kernel, options);
        return null;
    }

    private static object With(object options, string method, Type parameterType, object value)
    {
        var with = options.GetType().GetMethod(method, [parameterType])
            ?? throw new MissingMethodException($"ScriptOptions has no {method}({parameterType.Name})");
        return with.Invoke(options, [value])
            ?? throw new MissingMethodException($"ScriptOptions.{method} returned null");
    }

    /// <summary>The kernel handling the current command if it is the C# kernel, else the root kernel's C# child.</summary>
    private static object? FindCSharpKernel()
    {
        var contextType = Type.GetType(InvocationContextType, throwOnError: false);
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        var handling = context?.GetType().GetProperty("HandlingKernel")?.GetValue(context);
        if (handling is null || handling.GetType().FullName == CSharpKernelType)
        {
            return handling;
        }

        var root = handling.GetType().GetProperty("RootKernel")?.GetValue(handling);
        var children = root?.GetType().GetProperty("ChildKernels")?.GetValue(root) as System.Collections.IEnumerable;
        return children?.Cast<object>().FirstOrDefault(k => k.GetType().FullName == CSharpKernelType);
    }
}
