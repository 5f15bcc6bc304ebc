using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// The global gradient norm the trainer records and clips by: ‖g‖ = √(Σ_p Σ_i g_{p,i}²) over every parameter p.
/// Kept inside Training so the trainer depends only on the model, loss and optimizer interfaces.
/// </summary>
internal static class GlobalNorm
{
    /// <summary>
    /// Σ_i g_i² of one gradient, in double. The fast path sums in <typeparamref name="T"/>; when that overflows
    /// (float gradients past ~1.8e19 square to ∞) it sums again in double, so an exploding but finite gradient
    /// gets a finite norm and is clipped instead of being zeroed by clip / ∞. NaN or ∞ in the gradient gives a
    /// non-finite result.
    /// </summary>
    public static double SumOfSquares<T>(Tensor<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double fast = double.CreateChecked(TensorPrimitives.SumOfSquares<T>(gradient.AsSpan()));
        if (double.IsFinite(fast))
        {
            return fast;
        }

        double sum = 0;
        foreach (var g in gradient.AsSpan())
        {
            double v = double.CreateChecked(g);
            sum += v * v;
        }

        return sum;
    }

    /// <summary>Multiplies every gradient by <paramref name="factor"/>: g ← factor · g.</summary>
    public static void Scale<T>(IEnumerable<Parameter<T>> parameters, double factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = T.CreateChecked(factor);
        foreach (var p in parameters)
        {
            var g = p.Grad.AsSpan();
            TensorPrimitives.Multiply(g, f, g);
        }
    }

    /// <summary>
    /// Where a gradient stops being usable, for the divergence message: the first NaN/∞ element, or, when every
    /// element is finite, the overflow of its squared norm.
    /// </summary>
    public static string DescribeNonFinite<T>(Tensor<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = gradient.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (!T.IsFinite(span[i]))
            {
                return $"{span[i]} at flat index {i} of {gradient.ShapeString}";
            }
        }

        return $"its squared norm overflows (max |g| = {TensorPrimitives.MaxMagnitude<T>(span)})";
    }
}
