using System.Numerics;
using System.Runtime.CompilerServices;

namespace RnnLabs.Kernels;

/// <summary>
/// The innermost loops of <see cref="Gemm"/>: one 6-row tile of C updated by C[0..6, 0..nr] += Σ_p A[:, p] ⊗ B[p, :]
/// with every C value held in a register for the whole depth. Per p a kernel loads the nr values of the packed B
/// panel once and broadcasts each of the 6 A values once, so it does 6·nr/w FMAs per 6 + nr/w loads: the FMA units,
/// not the memory ports, set the pace.
/// </summary>
/// <remarks>
/// A is read through strides: element (r, p) of the strip sits at <c>a[r·rowStride + p·colStride]</c>, so a row-major
/// A is used in place (rowStride = lda, colStride = 1) and a packed strip has rowStride = 1, colStride = 6.
/// Tiles come 6, 4 or 2 rows tall (<see cref="ITileRows"/>, a compile-time constant per instantiation, so the unused
/// rows' code is removed by the JIT): a batch of 32 rows is 5 tiles of 6 and one of 2 instead of 6 tiles of 6, a
/// sixth of the work saved. Any other partial tile is computed in full from zero-padded operands and only its valid
/// part is added to C, through a spill tile. A row bias (the last block of K of a product with one) is added to each
/// row after C's old value, as a separate add would. How the tile meets C (<see cref="ITileWrite"/>) is a type too, so
/// the write-back is straight-line code, and the depth loop takes two steps per trip: measured in one process against
/// the previous kernel (one step per trip, the write-back choosing per row at run time), 1 thread: the small LSTM 3 %,
/// GRU 2-4 %, the [1600, 512]·[512, 64] ∂x product 6-8 % and the ∂W_hh product 4 % faster.
/// </remarks>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of C per full tile.</summary>
    public const int Rows = 6;

    /// <summary>The <typeparamref name="TRows"/> × 4-vector tile (up to 24 accumulators: AVX-512's 32 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FourVectors<T, TOps, TVec, TRows, TWrite>(T* a, nint rowStride, nint colStride, T* b, int depth,
        T* c, nint ldc, int rows, int cols, T* bias, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileRows
        where TWrite : struct, ITileWrite
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        int w = TOps.Count;
        int nr = 4 * w;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVec c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        TVec c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c43 = TOps.Zero;
        TVec c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero, c53 = TOps.Zero;
        T* a3 = a + 3 * rowStride;
        nint rs2 = 2 * rowStride;
        nint pair = 2 * colStride;

        // Two steps of p per trip: the loop's own instructions are paid half as often.
        int p = 0;
        for (; p + 1 < depth; p += 2)
        {
            Update4<T, TOps, TVec, TRows>(a, a3, rowStride, rs2, b, w, ref c00, ref c01, ref c02, ref c03, ref c10, ref c11,
                ref c12, ref c13, ref c20, ref c21, ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41,
                ref c42, ref c43, ref c50, ref c51, ref c52, ref c53);
            Update4<T, TOps, TVec, TRows>(a + colStride, a3 + colStride, rowStride, rs2, b + nr, w, ref c00, ref c01, ref c02,
                ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21, ref c22, ref c23, ref c30, ref c31, ref c32,
                ref c33, ref c40, ref c41, ref c42, ref c43, ref c50, ref c51, ref c52, ref c53);
            a += pair;
            a3 += pair;
            b += 2 * nr;
        }

        if (p < depth)
        {
            Update4<T, TOps, TVec, TRows>(a, a3, rowStride, rs2, b, w, ref c00, ref c01, ref c02, ref c03, ref c10, ref c11,
                ref c12, ref c13, ref c20, ref c21, ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41,
                ref c42, ref c43, ref c50, ref c51, ref c52, ref c53);
        }

        if (rows == TRows.Count && cols == nr)
        {
            // Columns [0, 2w) of every row, then [2w, 4w): two halves of the 2-vector write-back.
            WriteRows2<T, TOps, TVec, TRows, TWrite>(c, ldc, w, bias, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
            WriteRows2<T, TOps, TVec, TRows, TWrite>(c + 2 * w, ldc, w, TWrite.AddsBias ? bias + 2 * w : null, c02, c03, c12, c13,
                c22, c23, c32, c33, c42, c43, c52, c53);
        }
        else
        {
            WriteRows2<T, TOps, TVec, TRows, OverwriteTile>(tile, nr, w, null, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41,
                c50, c51);
            WriteRows2<T, TOps, TVec, TRows, OverwriteTile>(tile + 2 * w, nr, w, null, c02, c03, c12, c13, c22, c23, c32, c33,
                c42, c43, c52, c53);
            AddTile(tile, nr, c, ldc, rows, cols, !TWrite.Accumulates, TWrite.AddsBias ? bias : null);
        }
    }

    /// <summary>The <typeparamref name="TRows"/> × 2-vector tile (up to 12 accumulators: AVX2's 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TwoVectors<T, TOps, TVec, TRows, TWrite>(T* a, nint rowStride, nint colStride, T* b, int depth,
        T* c, nint ldc, int rows, int cols, T* bias, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileRows
        where TWrite : struct, ITileWrite
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        int w = TOps.Count;
        int nr = 2 * w;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        T* a3 = a + 3 * rowStride;
        nint rs2 = 2 * rowStride;
        nint pair = 2 * colStride;
        int p = 0;
        for (; p + 1 < depth; p += 2)
        {
            Update2<T, TOps, TVec, TRows>(a, a3, rowStride, rs2, b, w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            Update2<T, TOps, TVec, TRows>(a + colStride, a3 + colStride, rowStride, rs2, b + nr, w, ref c00, ref c01, ref c10,
                ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a += pair;
            a3 += pair;
            b += 2 * nr;
        }

        if (p < depth)
        {
            Update2<T, TOps, TVec, TRows>(a, a3, rowStride, rs2, b, w, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        }

        if (rows == TRows.Count && cols == nr)
        {
            WriteRows2<T, TOps, TVec, TRows, TWrite>(c, ldc, w, bias, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
        }
        else
        {
            WriteRows2<T, TOps, TVec, TRows, OverwriteTile>(tile, nr, w, null, c00, c01, c10, c11, c20, c21, c30, c31, c40,
                c41, c50, c51);
            AddTile(tile, nr, c, ldc, rows, cols, !TWrite.Accumulates, TWrite.AddsBias ? bias : null);
        }
    }

    /// <summary>
    /// One step p of a 4-vector tile: the panel's row b[0 .. 4w) times each of the strip's values a[r·rowStride]
    /// (rows 3-5 through <paramref name="a3"/> = a + 3·rowStride; <paramref name="rs2"/> = 2·rowStride), added to the
    /// accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update4<T, TOps, TVec, TRows>(T* a, T* a3, nint rowStride, nint rs2, T* b, int w, ref TVec c00,
        ref TVec c01, ref TVec c02, ref TVec c03, ref TVec c10, ref TVec c11, ref TVec c12, ref TVec c13, ref TVec c20,
        ref TVec c21, ref TVec c22, ref TVec c23, ref TVec c30, ref TVec c31, ref TVec c32, ref TVec c33, ref TVec c40,
        ref TVec c41, ref TVec c42, ref TVec c43, ref TVec c50, ref TVec c51, ref TVec c52, ref TVec c53)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
        where TRows : struct, ITileRows
    {
        TVec b0 = TOps.Load(b);
        TVec b1 = TOps.Load(b + w);
        TVec b2 = TOps.Load(b + 2 * w);
        TVec b3 = TOps.Load(b + 3 * w);
        TVec x = TOps.Broadcast(a[0]);
        c00 = TOps.MultiplyAdd(x, b0, c00);
        c01 = TOps.MultiplyAdd(x, b1, c01);
        c02 = TOps.MultiplyAdd(x, b2, c02);
        c03 = TOps.MultiplyAdd(x, b3, c03);
        x = TOps.Broadcast(a[rowStride]);
        c10 = TOps.MultiplyAdd(x, b0, c10);
        c11 = TOps.MultiplyAdd(x, b1, c11);
        c12 = TOps.MultiplyAdd(x, b2, c12);
        c13 = TOps.MultiplyAdd(x, b3, c13);
        if (TRows.Count >= 4)
        {
            x = TOps.Broadcast(a[rs2]);
            c20 = TOps.MultiplyAdd(x, b0, c20);
            c21 = TOps.MultiplyAdd(x, b1, c21);
            c22 = TOps.MultiplyAdd(x, b2, c22);
            c23 = TOps.MultiplyAdd(x, b3, c23);
            x = TOps.Broadcast(a3[0]);
            c30 = TOps.MultiplyAdd(x, b0, c30);
            c31 = TOps.MultiplyAdd(x, b1, c31);
            c32 = TOps.MultiplyAdd(x, b2, c32);
            c33 = TOps.MultiplyAdd(x, b3, c33);
        }

        if (TRows.Count == 6)
        {
            x = TOps.Broadcast(a3[rowStride]);
            c40 = TOps.MultiplyAdd(x, b0, c40);
            c41 = TOps.MultiplyAdd(x, b1, c41);
            c42 = TOps.MultiplyAdd(x, b2, c42);
            c43 = TOps.MultiplyAdd(x, b3, c43);
            x = TOps.Broadcast(a3[rs2]);
            c50 = TOps.MultiplyAdd(x, b0, c50);
            c51 = TOps.MultiplyAdd(x, b1, c51);
            c52 = TOps.MultiplyAdd(x, b2, c52);
            c53 = TOps.MultiplyAdd(x, b3, c53);
        }
    }

    /// <summary>One step p of a 2-vector tile, as <see cref="Update4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update2<T, TOps, TVec, TRows>(T* a, T* a3, nint rowStride, nint rs2, T* b, int w, ref TVec c00,
        ref TVec c01, ref TVec c10, ref TVec c11, ref TVec c20, ref TVec c21, ref TVec c30, ref TVec c31, ref TVec c40,
        ref TVec c41, ref TVec c50, ref TVec c51)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
        where TRows : struct, ITileRows
    {
        TVec b0 = TOps.Load(b);
        TVec b1 = TOps.Load(b + w);
        TVec x = TOps.Broadcast(a[0]);
        c00 = TOps.MultiplyAdd(x, b0, c00);
        c01 = TOps.MultiplyAdd(x, b1, c01);
        x = TOps.Broadcast(a[rowStride]);
        c10 = TOps.MultiplyAdd(x, b0, c10);
        c11 = TOps.MultiplyAdd(x, b1, c11);
        if (TRows.Count >= 4)
        {
            x = TOps.Broadcast(a[rs2]);
            c20 = TOps.MultiplyAdd(x, b0, c20);
            c21 = TOps.MultiplyAdd(x, b1, c21);
            x = TOps.Broadcast(a3[0]);
            c30 = TOps.MultiplyAdd(x, b0, c30);
            c31 = TOps.MultiplyAdd(x, b1, c31);
        }

        if (TRows.Count == 6)
        {
            x = TOps.Broadcast(a3[rowStride]);
            c40 = TOps.MultiplyAdd(x, b0, c40);
            c41 = TOps.MultiplyAdd(x, b1, c41);
            x = TOps.Broadcast(a3[rs2]);
            c50 = TOps.MultiplyAdd(x, b0, c50);
            c51 = TOps.MultiplyAdd(x, b1, c51);
        }
    }

    /// <summary>
    /// The <typeparamref name="TRows"/> rows of a 2-vector-wide block of accumulators written to <paramref name="c"/> as
    /// <typeparamref name="TWrite"/> says (a 4-vector tile is two such blocks side by side).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRows2<T, TOps, TVec, TRows, TWrite>(T* c, nint ldc, int w, T* bias,
        TVec c00, TVec c01, TVec c10, TVec c11, TVec c20, TVec c21, TVec c30, TVec c31, TVec c40, TVec c41, TVec c50, TVec c51)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
        where TRows : struct, ITileRows
        where TWrite : struct, ITileWrite
    {
        WriteRow2<T, TOps, TVec, TWrite>(c, w, bias, c00, c01);
        WriteRow2<T, TOps, TVec, TWrite>(c + ldc, w, bias, c10, c11);
        if (TRows.Count >= 4)
        {
            WriteRow2<T, TOps, TVec, TWrite>(c + 2 * ldc, w, bias, c20, c21);
            WriteRow2<T, TOps, TVec, TWrite>(c + 3 * ldc, w, bias, c30, c31);
        }

        if (TRows.Count == 6)
        {
            WriteRow2<T, TOps, TVec, TWrite>(c + 4 * ldc, w, bias, c40, c41);
            WriteRow2<T, TOps, TVec, TWrite>(c + 5 * ldc, w, bias, c50, c51);
        }
    }

    /// <summary>
    /// row += (v0, v1), or = (v0, v1) when <typeparamref name="TWrite"/> overwrites; then row += bias[0 .. 2w) when it
    /// adds the bias (after C's old value, as a separate add would).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow2<T, TOps, TVec, TWrite>(T* row, int w, T* bias, TVec v0, TVec v1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
        where TWrite : struct, ITileWrite
    {
        TVec x0 = TWrite.Accumulates ? TOps.Add(TOps.Load(row), v0) : v0;
        TVec x1 = TWrite.Accumulates ? TOps.Add(TOps.Load(row + w), v1) : v1;
        if (TWrite.AddsBias)
        {
            x0 = TOps.Add(x0, TOps.Load(bias));
            x1 = TOps.Add(x1, TOps.Load(bias + w));
        }

        TOps.Store(x0, row);
        TOps.Store(x1, row + w);
    }

    /// <summary>
    /// C[0..rows, 0..cols] += (or, with <paramref name="store"/>, =) tile[0..rows, 0..cols]: the valid part of a partial
    /// tile; then each of those rows += bias[0..cols] when <paramref name="bias"/> is not null.
    /// </summary>
    private static void AddTile<T>(T* tile, int nr, T* c, nint ldc, int rows, int cols, bool store, T* bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var source = new ReadOnlySpan<T>(tile + r * nr, cols);
            var target = new Span<T>(c + r * ldc, cols);
            if (store)
            {
                source.CopyTo(target);
            }
            else
            {
                TensorPrimitives.Add(target, source, target);
            }

            if (bias != null)
            {
                TensorPrimitives.Add(target, new ReadOnlySpan<T>(bias, cols), target);
            }
        }
    }
}

/// <summary>Rows of a micro-kernel tile as a type, so each height is compiled on its own with dead rows removed.</summary>
internal interface ITileRows
{
    /// <summary>2, 4 or 6.</summary>
    static abstract int Count { get; }
}

/// <summary>A 6-row tile.</summary>
internal readonly struct SixRows : ITileRows
{
    public static int Count => 6;
}

/// <summary>A 4-row tile.</summary>
internal readonly struct FourRows : ITileRows
{
    public static int Count => 4;
}

/// <summary>A 2-row tile.</summary>
internal readonly struct TwoRows : ITileRows
{
    public static int Count => 2;
}
