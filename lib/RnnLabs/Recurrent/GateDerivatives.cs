using System.Numerics;

namespace RnnLabs.Recurrent;

/// <summary>
/// Local derivatives of the gate nonlinearities written from their outputs, and row slicing of [B, G·H]
/// gate matrices, shared by <see cref="LstmCell{T}"/> and <see cref="GruCell{T}"/>.
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

    /// <summary>Row <paramref name="row"/> of a row-major matrix with <paramref name="width"/> columns.</summary>
    public static Span<T> Row<T>(Span<T> matrix, int row, int width) => matrix.Slice(row * width, width);

    /// <summary>Gate block <paramref name="gate"/> (H columns) of row <paramref name="row"/> of a [B, G·H] matrix.</summary>
    public static Span<T> Block<T>(Span<T> matrix, int row, int gate, int gateCount, int hiddenSize) =>
        matrix.Slice((row * gateCount + gate) * hiddenSize, hiddenSize);
}
