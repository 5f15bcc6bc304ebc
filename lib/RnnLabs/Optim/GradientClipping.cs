using System.Numerics;
using System.Runtime.InteropServices;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Optim;

/// <summary>
/// Limits gradients before an optimizer step, against the exploding gradients of long recurrences.
/// </summary>
public static class GradientClipping
{
    /// <summary>Added to the norm in the scale factor, as <c>torch.nn.utils.clip_grad_norm_</c> does.</summary>
    public const double NormEpsilon = 1e-6;

    // Floats are widened to double this many at a time, on the stack, so the sum of squares neither loses
    // precision to float accumulation nor allocates.
    private const int WidenChunk = 256;

    /// <summary>
    /// Scales all gradients together when their global norm exceeds <paramref name="maxNorm"/>, as
    /// <c>torch.nn.utils.clip_grad_norm_</c>:
    /// <code>
    /// N = √(Σ_p ‖g_p‖²)                     (in double)
    /// g_p ← g_p · maxNorm / (N + 1e-6)      for every p, only if N &gt; maxNorm
    /// </code>
    /// One common factor keeps the direction of the whole update. If N is NaN or infinite it is returned as is and
    /// no gradient is touched: scaling by a non-finite factor would only spread the damage, and the trainer's
    /// NaN/Inf guard reports the returned value.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped (empty: returns 0).</param>
    /// <param name="maxNorm">The largest global norm allowed: finite and &gt; 0.</param>
    /// <returns>N, the global norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and &gt; 0.</exception>
    public static double ClipByGlobalNorm<T>(IEnumerable<Parameter<T>> parameters, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HyperParameter.Positive(maxNorm, nameof(ClipByGlobalNorm), nameof(maxNorm));
        double sumOfSquares = 0;
        foreach (var p in parameters)
        {
            sumOfSquares += SumOfSquares(p.Grad);
        }

        double norm = Math.Sqrt(sumOfSquares);
        if (double.IsFinite(norm))
        {
            ScaleToMaxNorm(parameters, norm, maxNorm);
        }

        return norm;
    }

    /// <summary>
    /// ‖g‖² of one gradient, summed in double (a float gradient past ~1.8e19 would overflow a float sum to ∞, and
    /// an exploding but finite gradient must get a finite norm so that it is clipped). NaN or ∞ in g gives a
    /// non-finite result. The trainer calls this per parameter to name the ones that went non-finite.
    /// </summary>
    internal static double SumOfSquares<T>(Tensor<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        => SumOfSquares<T>(gradient.AsSpan());

    /// <summary>g_p ← g_p · maxNorm / (N + 1e-6) for every p when the global norm N exceeds maxNorm.</summary>
    internal static void ScaleToMaxNorm<T>(IEnumerable<Parameter<T>> parameters, double norm, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (norm <= maxNorm)
        {
            return;
        }

        var scale = T.CreateChecked(maxNorm / (norm + NormEpsilon));
        foreach (var p in parameters)
        {
            var g = p.Grad.AsSpan();
            TensorPrimitives.Multiply(g, scale, g);
        }
    }

    /// <summary>
    /// Clamps every gradient element into [−clipValue, clipValue], as <c>torch.nn.utils.clip_grad_value_</c>:
    /// <code>g ← min(max(g, −clipValue), clipValue)</code>
    /// Unlike <see cref="ClipByGlobalNorm{T}"/> this changes the gradient's direction.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clamped.</param>
    /// <param name="clipValue">The largest magnitude allowed: finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is not finite and &gt; 0.</exception>
    public static void ClipByValue<T>(IEnumerable<Parameter<T>> parameters, double clipValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HyperParameter.Positive(clipValue, nameof(ClipByValue), nameof(clipValue));
        var high = T.CreateChecked(clipValue);
        foreach (var p in parameters)
        {
            var g = p.Grad.AsSpan();
            TensorPrimitives.Clamp(g, -high, high, g);
        }
    }

    private static double SumOfSquares<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return TensorPrimitives.SumOfSquares(MemoryMarshal.Cast<T, double>(values));
        }

        Span<double> wide = stackalloc double[WidenChunk];
        double sum = 0;
        for (int start = 0; start < values.Length; start += WidenChunk)
        {
            var chunk = values.Slice(start, Math.Min(WidenChunk, values.Length - start));
            var w = wide[..chunk.Length];
            TensorPrimitives.ConvertChecked(chunk, w);
            sum += TensorPrimitives.SumOfSquares<double>(w);
        }

        return sum;
    }
}
