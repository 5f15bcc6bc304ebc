using System.Numerics;

namespace RnnLabs.Optim;

/// <summary>
/// The moment updates and bias-corrected step that <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share,
/// written as <c>torch.optim.Adam</c> computes them:
/// <code>
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// which is θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
/// </summary>
internal static class AdamUpdate
{
    /// <summary>Updates m and v from g, then θ; <paramref name="scratch"/> is overwritten.</summary>
    public static void Apply<T>(
        Span<T> value, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> scratch,
        double learningRate, double beta1, double beta2, double eps, int t)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(m, T.CreateChecked(beta1), m);
        TensorPrimitives.MultiplyAdd(g, T.CreateChecked(1 - beta1), m, m);
        TensorPrimitives.Multiply(g, g, scratch);
        TensorPrimitives.Multiply(v, T.CreateChecked(beta2), v);
        TensorPrimitives.MultiplyAdd(scratch, T.CreateChecked(1 - beta2), v, v);

        double correction1 = 1 - Math.Pow(beta1, t);
        double correction2 = 1 - Math.Pow(beta2, t);
        TensorPrimitives.Sqrt(v, scratch);
        TensorPrimitives.Divide(scratch, T.CreateChecked(Math.Sqrt(correction2)), scratch);
        TensorPrimitives.Add(scratch, T.CreateChecked(eps), scratch);
        TensorPrimitives.Divide(m, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, T.CreateChecked(-learningRate / correction1), value, value);
    }
}
