using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Losses;

/// <summary>Checks and applies the 0/1 mask every loss takes (1: the element counts, 0: padding).</summary>
internal static class LossMask
{
    /// <summary>
    /// Throws unless <paramref name="mask"/> is null or shaped like <paramref name="target"/> with only 0s and 1s.
    /// </summary>
    public static void Check<T>(Tensor<T>? mask, Tensor<T> target, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mask is null)
        {
            return;
        }

        if (!mask.SameShape(target))
        {
            throw new ArgumentException(
                $"{context} mask: expected {target.ShapeString} (the shape of target), got {mask.ShapeString}", nameof(mask));
        }

        ReadOnlySpan<T> m = mask.AsSpan();
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != T.Zero && m[i] != T.One)
            {
                throw new ArgumentException(
                    $"{context} mask: expected 0 or 1, got {m[i]} at position {TensorPosition.Format(i, mask.Shape)} of {mask.ShapeString}",
                    nameof(mask));
            }
        }
    }

    /// <summary>True when element <paramref name="index"/> counts (no mask, or a mask of 1 there).</summary>
    public static bool Counts<T>(Tensor<T>? mask, int index) where T : unmanaged, IFloatingPointIeee754<T>
        => mask is null || mask.At(index) == T.One;

    /// <summary>
    /// Sets <paramref name="values"/>[i] to 0 wherever the mask is 0, by selection rather than by multiplying,
    /// so a NaN computed from a padding target cannot leak through as 0·NaN.
    /// </summary>
    public static void Apply<T>(Span<T> values, Tensor<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mask is null)
        {
            return;
        }

        ReadOnlySpan<T> m = mask.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            if (m[i] == T.Zero)
            {
                values[i] = T.Zero;
            }
        }
    }
}
