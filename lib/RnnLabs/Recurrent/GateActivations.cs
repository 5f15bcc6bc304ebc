using System.Numerics;
using RnnLabs.Kernels;

namespace RnnLabs.Recurrent;

/// <summary>
/// The gate nonlinearities of every cell, σ(a) = 1 / (1 + e^(−a)) and tanh(a), on spans (in place allowed): the
/// one place the cells call them. float runs <see cref="Activations"/>' own kernels (relative error ≤ 5e−7, about
/// 2–3× TensorPrimitives here); double, for gradient checks, stays on TensorPrimitives.
/// </summary>
internal static class GateActivations
{
    /// <summary>destination = σ(x), element-wise.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Activations.Sigmoid(x, destination);

    /// <summary>destination = tanh(x), element-wise.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Activations.Tanh(x, destination);
}
