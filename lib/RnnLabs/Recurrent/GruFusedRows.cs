using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnLabs.Recurrent;

/// <summary>
/// The element-wise part of a <see cref="GruCell{T}"/> step for float in one pass per row (see <see cref="LstmFusedRows"/>):
/// <code>
/// forward:  r = σ(ax_r + ah_r)   z = σ(ax_z + ah_z)   n = tanh(r⊙ah_n + ax_n)   h' = (h − n)⊙z + n
/// backward: dn_pre = (1 − z)⊙(1 − n²)⊙dh   dz_pre = z(1 − z)⊙(h − n)⊙dh   dr_pre = r(1 − r)⊙ah_n⊙dn_pre
///           dGx = [dr_pre dz_pre dn_pre]      dGh = [dr_pre dz_pre dn_pre⊙r]
/// </code>
/// with the same order of roundings as the span version in <see cref="GruCell{T}"/>.
/// </summary>
internal static class GruFusedRows
{
    /// <summary>
    /// From ax [B, 3H] (x·W_ihᵀ + b_ih, overwritten with r, z, n) and ah [B, 3H] (h·W_hhᵀ + b_hh): writes ah_n, h'.
    /// </summary>
    public static void Forward(Span<float> inputGates, ReadOnlySpan<float> hiddenGates, ReadOnlySpan<float> hidden,
        Span<float> hiddenN, Span<float> hiddenNew, int size)
    {
        if (FusedLanes.Wide(size))
        {
            Forward<Lanes512, Vector512<float>>(inputGates, hiddenGates, hidden, hiddenN, hiddenNew, size);
        }
        else
        {
            Forward<Lanes256, Vector256<float>>(inputGates, hiddenGates, hidden, hiddenN, hiddenNew, size);
        }
    }

    /// <summary>Writes dGx and dGh [B, 3H] from r, z, n [B, 3H], ah_n, h and dh [B, H].</summary>
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hiddenN, ReadOnlySpan<float> hidden,
        ReadOnlySpan<float> hiddenGrad, Span<float> inputGatesGrad, Span<float> hiddenGatesGrad, int size)
    {
        if (FusedLanes.Wide(size))
        {
            Backward<Lanes512, Vector512<float>>(gates, hiddenN, hidden, hiddenGrad, inputGatesGrad, hiddenGatesGrad, size);
        }
        else
        {
            Backward<Lanes256, Vector256<float>>(gates, hiddenN, hidden, hiddenGrad, inputGatesGrad, hiddenGatesGrad, size);
        }
    }

    private static void Forward<TLanes, TVec>(Span<float> inputGates, ReadOnlySpan<float> hiddenGates, ReadOnlySpan<float> hidden,
        Span<float> hiddenN, Span<float> hiddenNew, int size)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float ax = ref MemoryMarshal.GetReference(inputGates);
        ref float ah = ref MemoryMarshal.GetReference(hiddenGates);
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float ahN = ref MemoryMarshal.GetReference(hiddenN);
        ref float hNew = ref MemoryMarshal.GetReference(hiddenNew);
        int rows = hidden.Length / size;
        for (int b = 0; b < rows; b++)
        {
            for (int j = 0; j < size; j += TLanes.Count)
            {
                int g0 = 3 * b * size + j;
                int s = b * size + j;
                TVec r = TLanes.Sigmoid(TLanes.Add(TLanes.Load(ref Unsafe.Add(ref ax, g0)), TLanes.Load(ref Unsafe.Add(ref ah, g0))));
                TVec z = TLanes.Sigmoid(TLanes.Add(TLanes.Load(ref Unsafe.Add(ref ax, g0 + size)), TLanes.Load(ref Unsafe.Add(ref ah, g0 + size))));
                TVec an = TLanes.Load(ref Unsafe.Add(ref ah, g0 + 2 * size));
                TVec n = TLanes.Tanh(TLanes.Add(TLanes.Multiply(r, an), TLanes.Load(ref Unsafe.Add(ref ax, g0 + 2 * size))));
                TLanes.Store(r, ref Unsafe.Add(ref ax, g0));
                TLanes.Store(z, ref Unsafe.Add(ref ax, g0 + size));
                TLanes.Store(n, ref Unsafe.Add(ref ax, g0 + 2 * size));
                TLanes.Store(an, ref Unsafe.Add(ref ahN, s));
                TVec next = TLanes.Add(TLanes.Multiply(TLanes.Subtract(TLanes.Load(ref Unsafe.Add(ref h, s)), n), z), n);
                TLanes.Store(next, ref Unsafe.Add(ref hNew, s));
            }
        }
    }

    private static void Backward<TLanes, TVec>(ReadOnlySpan<float> gates, ReadOnlySpan<float> hiddenN, ReadOnlySpan<float> hidden,
        ReadOnlySpan<float> hiddenGrad, Span<float> inputGatesGrad, Span<float> hiddenGatesGrad, int size)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float ahN = ref MemoryMarshal.GetReference(hiddenN);
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float dh = ref MemoryMarshal.GetReference(hiddenGrad);
        ref float gx = ref MemoryMarshal.GetReference(inputGatesGrad);
        ref float gh = ref MemoryMarshal.GetReference(hiddenGatesGrad);
        TVec one = TLanes.One;
        int rows = hiddenGrad.Length / size;
        for (int b = 0; b < rows; b++)
        {
            for (int j = 0; j < size; j += TLanes.Count)
            {
                int g0 = 3 * b * size + j;
                int s = b * size + j;
                TVec r = TLanes.Load(ref Unsafe.Add(ref a, g0));
                TVec z = TLanes.Load(ref Unsafe.Add(ref a, g0 + size));
                TVec n = TLanes.Load(ref Unsafe.Add(ref a, g0 + 2 * size));
                TVec dhv = TLanes.Load(ref Unsafe.Add(ref dh, s));
                TVec dnPre = TLanes.Multiply(TLanes.Multiply(TLanes.Subtract(one, z), TLanes.Subtract(one, TLanes.Multiply(n, n))), dhv);
                TVec dzPre = TLanes.Multiply(
                    TLanes.Multiply(FusedLanes.SigmoidDerivative<TLanes, TVec>(z, one), TLanes.Subtract(TLanes.Load(ref Unsafe.Add(ref h, s)), n)), dhv);
                TVec drPre = TLanes.Multiply(
                    TLanes.Multiply(FusedLanes.SigmoidDerivative<TLanes, TVec>(r, one), TLanes.Load(ref Unsafe.Add(ref ahN, s))), dnPre);
                TLanes.Store(drPre, ref Unsafe.Add(ref gx, g0));
                TLanes.Store(dzPre, ref Unsafe.Add(ref gx, g0 + size));
                TLanes.Store(dnPre, ref Unsafe.Add(ref gx, g0 + 2 * size));
                TLanes.Store(drPre, ref Unsafe.Add(ref gh, g0));
                TLanes.Store(dzPre, ref Unsafe.Add(ref gh, g0 + size));
                TLanes.Store(TLanes.Multiply(dnPre, r), ref Unsafe.Add(ref gh, g0 + 2 * size));
            }
        }
    }
}
