using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnLabs.Recurrent;

/// <summary>
/// The element-wise backward of a tanh <see cref="RnnCell{T}"/> step for float in one pass, instead of three passes over
/// [B, H] spans:
/// <code>
/// ∂a = (1 − h²)⊙∂h       (tanh′(a) = 1 − tanh²(a) = 1 − h²)
/// </code>
/// rounded in the span code's order (h·h, then 1 − that, then · ∂h), so both give the same bits. Used when the CPU
/// accelerates 512- or 256-bit vectors and H is a multiple of their width.
/// </summary>
internal static class RnnFusedRows
{
    /// <summary>Writes ∂a [B, H] from h [B, H] and ∂h [B, H] (H = <paramref name="size"/>).</summary>
    public static void TanhBackward(ReadOnlySpan<float> hidden, ReadOnlySpan<float> hiddenGrad, Span<float> gatesGrad, int size)
    {
        if (FusedLanes.Wide(size))
        {
            TanhBackward<Lanes512, Vector512<float>>(hidden, hiddenGrad, gatesGrad);
        }
        else
        {
            TanhBackward<Lanes256, Vector256<float>>(hidden, hiddenGrad, gatesGrad);
        }
    }

    private static void TanhBackward<TLanes, TVec>(ReadOnlySpan<float> hidden, ReadOnlySpan<float> hiddenGrad, Span<float> gatesGrad)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float dh = ref MemoryMarshal.GetReference(hiddenGrad);
        ref float da = ref MemoryMarshal.GetReference(gatesGrad);
        TVec one = TLanes.One;
        for (int i = 0; i < hidden.Length; i += TLanes.Count)
        {
            TVec value = TLanes.Load(ref Unsafe.Add(ref h, i));
            TVec derivative = TLanes.Subtract(one, TLanes.Multiply(value, value));
            TLanes.Store(TLanes.Multiply(derivative, TLanes.Load(ref Unsafe.Add(ref dh, i))), ref Unsafe.Add(ref da, i));
        }
    }
}
