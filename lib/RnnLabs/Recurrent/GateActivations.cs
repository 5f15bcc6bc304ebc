using System.Numerics;

namespace RnnLabs.Recurrent;

/// <summary>
/// The gate nonlinearities of every cell, σ(a) = 1 / (1 + e^(−a)) and tanh(a), on spans (in place allowed).
/// The one place the cells call them, so a faster kernel with a checked error bound replaces them here alone.
/// </summary>
internal static class GateActivations
{
    /// <summary>destination = σ(x), element-wise.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Sigmoid(x, destination);

    /// <summary>destination = tanh(x), element-wise.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Tanh(x, destination);
}
