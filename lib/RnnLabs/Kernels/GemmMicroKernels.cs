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
/// row after C's old value, as a separate add would.
/// </remarks>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of C per full tile.</summary>
    public const int Rows = 6;

    /// <summary>The <typeparamref name="TRows"/> × 4-vector tile (up to 24 accumulators: AVX-512's 32 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FourVectors<T, TOps, TVec, TRows>(T* a, nint rowStride, nint colStride, T* b, int depth,
        T* c, nint ldc, int rows, int cols, bool store, T* bias, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileRows
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
        for (int p = 0; p < depth; p++)
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
            a += colStride;
            a3 += colStride;
            b += nr;
        }

        bool full = rows == TRows.Count && cols == nr;
        T* target = full ? c : tile;
        nint ld = full ? ldc : nr;
        bool add = full && !store;
        T* e = full ? bias : null;
        AddRow4<T, TOps, TVec>(target, w, add, e, c00, c01, c02, c03);
        AddRow4<T, TOps, TVec>(target + ld, w, add, e, c10, c11, c12, c13);
        if (TRows.Count >= 4)
        {
            AddRow4<T, TOps, TVec>(target + 2 * ld, w, add, e, c20, c21, c22, c23);
            AddRow4<T, TOps, TVec>(target + 3 * ld, w, add, e, c30, c31, c32, c33);
        }

        if (TRows.Count == 6)
        {
            AddRow4<T, TOps, TVec>(target + 4 * ld, w, add, e, c40, c41, c42, c43);
            AddRow4<T, TOps, TVec>(target + 5 * ld, w, add, e, c50, c51, c52, c53);
        }

        if (!full)
        {
            AddTile(tile, nr, c, ldc, rows, cols, store, bias);
        }
    }

    /// <summary>The <typeparamref name="TRows"/> × 2-vector tile (up to 12 accumulators: AVX2's 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TwoVectors<T, TOps, TVec, TRows>(T* a, nint rowStride, nint colStride, T* b, int depth,
        T* c, nint ldc, int rows, int cols, bool store, T* bias, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileRows
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        int w = TOps.Count;
        int nr = 2 * w;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        T* a3 = a + 3 * rowStride;
        nint rs2 = 2 * rowStride;
        for (int p = 0; p < depth; p++)
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
            a += colStride;
            a3 += colStride;
            b += nr;
        }

        bool full = rows == TRows.Count && cols == nr;
        T* target = full ? c : tile;
        nint ld = full ? ldc : nr;
        bool add = full && !store;
        T* e = full ? bias : null;
        AddRow2<T, TOps, TVec>(target, w, add, e, c00, c01);
        AddRow2<T, TOps, TVec>(target + ld, w, add, e, c10, c11);
        if (TRows.Count >= 4)
        {
            AddRow2<T, TOps, TVec>(target + 2 * ld, w, add, e, c20, c21);
            AddRow2<T, TOps, TVec>(target + 3 * ld, w, add, e, c30, c31);
        }

        if (TRows.Count == 6)
        {
            AddRow2<T, TOps, TVec>(target + 4 * ld, w, add, e, c40, c41);
            AddRow2<T, TOps, TVec>(target + 5 * ld, w, add, e, c50, c51);
        }

        if (!full)
        {
            AddTile(tile, nr, c, ldc, rows, cols, store, bias);
        }
    }

    /// <summary>
    /// row += (v0, v1, v2, v3), or with <paramref name="add"/> false row = (v0, ..) (a first block over β = 0, or the spill
    /// tile); then row += bias[0 .. 4w) when <paramref name="bias"/> is not null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow4<T, TOps, TVec>(T* row, int w, bool add, T* bias, TVec v0, TVec v1, TVec v2, TVec v3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        AddRow2<T, TOps, TVec>(row, w, add, bias, v0, v1);
        AddRow2<T, TOps, TVec>(row + 2 * w, w, add, bias == null ? null : bias + 2 * w, v2, v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow2<T, TOps, TVec>(T* row, int w, bool add, T* bias, TVec v0, TVec v1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        TVec x0 = add ? TOps.Add(TOps.Load(row), v0) : v0;
        TVec x1 = add ? TOps.Add(TOps.Load(row + w), v1) : v1;
        if (bias != null)
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
