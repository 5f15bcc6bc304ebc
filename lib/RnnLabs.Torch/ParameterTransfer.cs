using System.Numerics;
using System.Runtime.InteropServices;
using RnnLabs.Layers;
using RnnLabs.Tensors;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace RnnLabs.Torch;

/// <summary>
/// Copies parameter values between an RnnLabs model and a TorchSharp module, matched by PyTorch name
/// (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, <c>1.weight</c>): both sides lay out gates the same way, so each
/// copy is a plain bit-for-bit block copy. Every name, shape and dtype is checked before the first value is written,
/// so after an error both sides hold what they held before.
/// </summary>
public static class ParameterTransfer
{
    /// <summary>Overwrites the module's parameters with the RnnLabs values of the same names.</summary>
    /// <param name="source">The RnnLabs parameters, e.g. <c>layer.NamedParameters()</c>.</param>
    /// <param name="target">The TorchSharp module; its <c>named_parameters()</c> must carry exactly the same names and shapes.</param>
    /// <exception cref="ArgumentException">A name has no counterpart, or a shape or dtype differs; the message names the parameter.</exception>
    public static void ToTorch<T>(IEnumerable<(string Name, Parameter<T> Parameter)> source, torch.nn.Module target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (ours, theirs) in Match(source, target, nameof(source)))
        {
            using var scope = torch.NewDisposeScope();
            MemoryMarshal.AsBytes(ours.Value.AsSpan()).CopyTo(theirs.bytes);
        }
    }

    /// <summary>Overwrites the RnnLabs parameters with the module's values of the same names.</summary>
    /// <param name="source">The TorchSharp module.</param>
    /// <param name="target">The RnnLabs parameters, e.g. <c>layer.NamedParameters()</c>.</param>
    /// <exception cref="ArgumentException">A name has no counterpart, or a shape or dtype differs; the message names the parameter.</exception>
    public static void FromTorch<T>(torch.nn.Module source, IEnumerable<(string Name, Parameter<T> Parameter)> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (ours, theirs) in Match(target, source, nameof(target)))
        {
            using var scope = torch.NewDisposeScope();
            TensorBridge.CopyInto(theirs, ours.Value, ours.Name);
        }
    }

    /// <summary>
    /// The module's parameter gradients as RnnLabs tensors, in <c>named_parameters()</c> order (zeros for a parameter
    /// that backward has not reached).
    /// </summary>
    /// <exception cref="ArgumentException">A parameter's dtype is not that of <typeparamref name="T"/>.</exception>
    public static IReadOnlyList<(string Name, Tensor<T> Gradient)> Gradients<T>(torch.nn.Module module)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        var result = new List<(string, Tensor<T>)>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            using var scope = torch.NewDisposeScope();
            var gradient = new Tensor<T>(parameter.shape.Select(s => (int)s).ToArray());
            var grad = parameter.grad;
            if (grad is not null)
            {
                TensorBridge.CopyInto(grad, gradient, name);
            }

            result.Add((name, gradient));
        }

        return result;
    }

    /// <summary>Pairs every RnnLabs parameter with the torch parameter of the same name, after checking all of them.</summary>
    private static List<(Parameter<T> Ours, TorchParameter Theirs)> Match<T>(
        IEnumerable<(string Name, Parameter<T> Parameter)> ours, torch.nn.Module module, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(ours, argument);
        ArgumentNullException.ThrowIfNull(module);
        string moduleName = TorchRecurrent.Describe(module);
        var theirs = module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var pairs = new List<(Parameter<T>, TorchParameter)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, parameter) in ours)
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{argument}: expected unique parameter names, got '{name}' twice", argument);
            }

            if (!theirs.TryGetValue(name, out var match))
            {
                throw new ArgumentException(
                    $"parameter '{name}' {parameter.Value.ShapeString} of the RnnLabs model has no counterpart in the TorchSharp {moduleName} " +
                    $"(its parameters: {string.Join(", ", theirs.Keys)})", argument);
            }

            if (!match.shape.SequenceEqual(parameter.Value.Shape.ToArray().Select(s => (long)s)))
            {
                throw new ArgumentException(
                    $"parameter '{name}': expected the same shape on both sides, got {parameter.Value.ShapeString} in RnnLabs " +
                    $"and {TensorBridge.ShapeString(match)} in the TorchSharp {moduleName}", argument);
            }

            if (match.dtype != TensorBridge.DType<T>())
            {
                throw new ArgumentException(
                    $"parameter '{name}': expected {TensorBridge.DType<T>()} in the TorchSharp {moduleName} (the RnnLabs model holds {typeof(T).Name}), got {match.dtype}",
                    argument);
            }

            pairs.Add((parameter, match));
        }

        var extra = theirs.Keys.Where(k => !seen.Contains(k)).ToList();
        if (extra.Count > 0)
        {
            throw new ArgumentException(
                $"parameter '{extra[0]}' {TensorBridge.ShapeString(theirs[extra[0]])} of the TorchSharp {moduleName} has no counterpart in the RnnLabs model " +
                $"(its parameters: {string.Join(", ", seen)})", argument);
        }

        return pairs;
    }
}
