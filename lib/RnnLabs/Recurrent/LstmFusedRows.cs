using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnLabs.Kernels;

namespace RnnLabs.Recurrent;

/// <summary>
/// The element-wise part of an <see cref="LstmCell{T}"/> step for float in one pass per row, each vector of lanes
/// going through all of its equations while it sits in registers (instead of a dozen passes over [B, H] spans):
/// <code>
/// forward:  i, f, g, o = σ(a_i), σ(a_f), tanh(a_g), σ(a_o)     c' = f⊙c + i⊙g     h' = o⊙tanh(c')
/// backward: δc = (1 − tanh²c')⊙o⊙dh + dc
///           da_i = i(1 − i)⊙g⊙δc   da_f = f(1 − f)⊙c⊙δc   da_g = (1 − g²)⊙i⊙δc   da_o = o(1 − o)⊙tanh c'⊙dh
///           dc_prev = δc⊙f
/// </code>
/// Each product is rounded in the same order as the span version in <see cref="LstmCell{T}"/>, so both give the
/// same bits. Used when the CPU accelerates 512- or 256-bit vectors and H is a multiple of their width.
/// </summary>
/// <remarks>
/// The forward row takes two passes, the gates and c' first, then tanh(c') and h': in one pass every vector of lanes
/// carries a chain of two activations back to back (σ or tanh of a gate, then tanh of c'), too long for the core to
/// overlap enough of the next lanes' work; split, each pass has short independent chains and c' comes back from L1.
/// Measured in one process against the single pass, alternating, both orders, 1 thread: the small LSTM's forward
/// 2-3.5 % faster, its forward+backward 0-2.5 %.
/// </remarks>
internal static class LstmFusedRows
{
    /// <summary>Activates gates [B, 4H] in place and writes c' , tanh(c') and h' [B, H] from c [B, H].</summary>
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cell, Span<float> cellNew, Span<float> cellTanh, Span<float> hidden, int size)
    {
        if (FusedLanes.Wide(size))
        {
            Forward<Lanes512, Vector512<float>>(gates, cell, cellNew, cellTanh, hidden, size);
        }
        else
        {
            Forward<Lanes256, Vector256<float>>(gates, cell, cellNew, cellTanh, hidden, size);
        }
    }

    /// <summary>
    /// Writes the gate gradients [B, 4H] and dc_prev [B, H] from the activated gates, tanh(c'), c, dh and dc
    /// (<paramref name="cellGrad"/> empty: zero).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cellTanh, ReadOnlySpan<float> cell,
        ReadOnlySpan<float> hiddenGrad, ReadOnlySpan<float> cellGrad, Span<float> gatesGrad, Span<float> previousCellGrad, int size)
    {
        if (FusedLanes.Wide(size))
        {
            Backward<Lanes512, Vector512<float>>(gates, cellTanh, cell, hiddenGrad, cellGrad, gatesGrad, previousCellGrad, size);
        }
        else
        {
            Backward<Lanes256, Vector256<float>>(gates, cellTanh, cell, hiddenGrad, cellGrad, gatesGrad, previousCellGrad, size);
        }
    }

    private static void Forward<TLanes, TVec>(Span<float> gates, ReadOnlySpan<float> cell, Span<float> cellNew,
        Span<float> cellTanh, Span<float> hidden, int size)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float c = ref MemoryMarshal.GetReference(cell);
        ref float cNew = ref MemoryMarshal.GetReference(cellNew);
        ref float tanhC = ref MemoryMarshal.GetReference(cellTanh);
        ref float h = ref MemoryMarshal.GetReference(hidden);
        int rows = hidden.Length / size;
        for (int b = 0; b < rows; b++)
        {
            for (int j = 0; j < size; j += TLanes.Count)
            {
                ref float ai = ref Unsafe.Add(ref a, 4 * b * size + j);
                int s = b * size + j;
                TVec i = TLanes.Sigmoid(TLanes.Load(ref ai));
                TVec f = TLanes.Sigmoid(TLanes.Load(ref Unsafe.Add(ref ai, size)));
                TVec g = TLanes.Tanh(TLanes.Load(ref Unsafe.Add(ref ai, 2 * size)));
                TVec o = TLanes.Sigmoid(TLanes.Load(ref Unsafe.Add(ref ai, 3 * size)));
                TLanes.Store(i, ref ai);
                TLanes.Store(f, ref Unsafe.Add(ref ai, size));
                TLanes.Store(g, ref Unsafe.Add(ref ai, 2 * size));
                TLanes.Store(o, ref Unsafe.Add(ref ai, 3 * size));
                TVec next = TLanes.Add(TLanes.Multiply(f, TLanes.Load(ref Unsafe.Add(ref c, s))), TLanes.Multiply(i, g));
                TLanes.Store(next, ref Unsafe.Add(ref cNew, s));
            }

            ref float outputGate = ref Unsafe.Add(ref a, (4 * b + 3) * size);
            for (int j = 0; j < size; j += TLanes.Count)
            {
                int s = b * size + j;
                TVec t = TLanes.Tanh(TLanes.Load(ref Unsafe.Add(ref cNew, s)));
                TLanes.Store(t, ref Unsafe.Add(ref tanhC, s));
                TLanes.Store(TLanes.Multiply(TLanes.Load(ref Unsafe.Add(ref outputGate, j)), t), ref Unsafe.Add(ref h, s));
            }
        }
    }

    private static void Backward<TLanes, TVec>(ReadOnlySpan<float> gates, ReadOnlySpan<float> cellTanh, ReadOnlySpan<float> cell,
        ReadOnlySpan<float> hiddenGrad, ReadOnlySpan<float> cellGrad, Span<float> gatesGrad, Span<float> previousCellGrad, int size)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float tanhC = ref MemoryMarshal.GetReference(cellTanh);
        ref float c = ref MemoryMarshal.GetReference(cell);
        ref float dh = ref MemoryMarshal.GetReference(hiddenGrad);
        ref float dcIn = ref MemoryMarshal.GetReference(cellGrad);
        ref float da = ref MemoryMarshal.GetReference(gatesGrad);
        ref float dcOut = ref MemoryMarshal.GetReference(previousCellGrad);
        bool hasCellGrad = !cellGrad.IsEmpty;
        TVec one = TLanes.One;
        int rows = hiddenGrad.Length / size;
        for (int b = 0; b < rows; b++)
        {
            for (int j = 0; j < size; j += TLanes.Count)
            {
                int g0 = 4 * b * size + j;
                int s = b * size + j;
                TVec i = TLanes.Load(ref Unsafe.Add(ref a, g0));
                TVec f = TLanes.Load(ref Unsafe.Add(ref a, g0 + size));
                TVec g = TLanes.Load(ref Unsafe.Add(ref a, g0 + 2 * size));
                TVec o = TLanes.Load(ref Unsafe.Add(ref a, g0 + 3 * size));
                TVec t = TLanes.Load(ref Unsafe.Add(ref tanhC, s));
                TVec dhv = TLanes.Load(ref Unsafe.Add(ref dh, s));
                TVec deltaC = TLanes.Multiply(TLanes.Multiply(TLanes.Subtract(one, TLanes.Multiply(t, t)), o), dhv);
                if (hasCellGrad)
                {
                    deltaC = TLanes.Add(deltaC, TLanes.Load(ref Unsafe.Add(ref dcIn, s)));
                }

                TVec dai = TLanes.Multiply(TLanes.Multiply(FusedLanes.SigmoidDerivative<TLanes, TVec>(i, one), g), deltaC);
                TVec daf = TLanes.Multiply(TLanes.Multiply(FusedLanes.SigmoidDerivative<TLanes, TVec>(f, one), TLanes.Load(ref Unsafe.Add(ref c, s))), deltaC);
                TVec dag = TLanes.Multiply(TLanes.Multiply(TLanes.Subtract(one, TLanes.Multiply(g, g)), i), deltaC);
                TVec dao = TLanes.Multiply(TLanes.Multiply(FusedLanes.SigmoidDerivative<TLanes, TVec>(o, one), t), dhv);
                TLanes.Store(dai, ref Unsafe.Add(ref da, g0));
                TLanes.Store(daf, ref Unsafe.Add(ref da, g0 + size));
                TLanes.Store(dag, ref Unsafe.Add(ref da, g0 + 2 * size));
                TLanes.Store(dao, ref Unsafe.Add(ref da, g0 + 3 * size));
                TLanes.Store(TLanes.Multiply(deltaC, f), ref Unsafe.Add(ref dcOut, s));
            }
        }
    }

}
