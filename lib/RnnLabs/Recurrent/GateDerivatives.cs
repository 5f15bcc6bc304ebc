using System.Numerics;

namespace RnnLabs.Recurrent;

/// <summary>
/// Local derivatives of the gate nonlinearities written from their outputs, shared by
/// <see cref="LstmCell{T}"/> and <see cref="GruCell{T}"/>.
/// </summary>
internal static class GateDerivatives
{
    /// <summary>destination = s ⊙ (1 − s) = σ′(a) for s = σ(a): the cached activation is all backward needs.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> s, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(T.One, s, destination);
        TensorPrimitives.Multiply(destination, s, destination);
    }

    /// <summary>destination = 1 − t² = tanh′(a) for t = tanh(a).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> t, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(t, t, destination);
        TensorPrimitives.Subtract(T.One, destination, destination);
    }
}
