using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnLabs.Recurrent;

/// <summary>
/// The element-wise forward and backward of a tanh <see cref="RnnCell{T}"/> step for float, each in one pass over
/// [B, H] instead of two or three:
/// <code>
/// h  = tanh(a_x + a_h)   (a_x = x·W_ihᵀ + b_ih, a_h = h_prev·W_hhᵀ + b_hh)
/// ∂a = (1 − h²)⊙∂h       (tanh′(a) = 1 − tanh²(a) = 1 − h²)
/// </code>
/// rounded in the span code's order (a_x + a_h, then tanh; h·h, then 1 − that, then · ∂h), so both give the same bits.
/// Used when the CPU accelerates 512- or 256-bit vectors and H is a multiple of their width.
/// </summary>
internal static class RnnFusedRows
{
    /// <summary>h = tanh(h + hiddenPart) in place: h [B, H] holds a_x on entry, hiddenPart [B, H] is a_h.</summary>
    public static void TanhForward(Span<float> hidden, ReadOnlySpan<float> hiddenPart, int size)
    {
        if (FusedLanes.Wide(size))
        {
            TanhForward<Lanes512, Vector512<float>>(hidden, hiddenPart);
        }
        else
        {
            TanhForward<Lanes256, Vector256<float>>(hidden, hiddenPart);
        }
    }

    private static void TanhForward<TLanes, TVec>(Span<float> hidden, ReadOnlySpan<float> hiddenPart)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float part = ref MemoryMarshal.GetReference(hiddenPart);
        for (int i = 0; i < hidden.Length; i += TLanes.Count)
        {
            ref float target = ref Unsafe.Add(ref h, i);
            TLanes.Store(TLanes.Tanh(TLanes.Add(TLanes.Load(ref target), TLanes.Load(ref Unsafe.Add(ref part, i)))), ref target);
        }
    }

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
