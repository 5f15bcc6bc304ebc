using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnLabs.Tensors;

namespace RnnLabs.Kernels;

/// <summary>Which instruction set a kernel runs on.</summary>
public enum SimdPath
{
    /// <summary>The widest path the CPU accelerates: Vector512, else Vector256, else scalar.</summary>
    Auto,

    /// <summary>Plain scalar loops (the portable fallback, and the reference in tests).</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA (AVX2).</summary>
    Vector256,

    /// <summary>512-bit vectors with FMA (AVX-512).</summary>
    Vector512,
}

/// <summary>
/// General matrix multiply on row-major storage: <c>C ← α·op(A)·op(B) + β·C</c>, with
/// op(X) = X or Xᵀ. This is the one hot kernel of every layer: a recurrent step is
/// <c>[B, I]·[I, G·H]</c> plus <c>[B, H]·[H, G·H]</c>.
/// </summary>
/// <remarks>
/// Blocked like BLIS/GotoBLAS: K is cut into blocks of <see cref="KBlock"/> so a packed panel stays in
/// cache; op(A) is packed into row strips of <see cref="MR"/> and op(B) into column panels of two vectors,
/// both contiguous in the order the micro-kernel reads them (packing also absorbs the transposes).
/// The micro-kernel keeps a 6 × (2 vectors) block of C in 12 registers and does one broadcast and two
/// FMAs per row per k.
/// </remarks>
public static class Gemm
{
    /// <summary>Rows of C per micro-kernel call.</summary>
    internal const int MR = 6;

    /// <summary>Depth of one packed block of K.</summary>
    internal const int KBlock = 256;

    /// <summary>The path <see cref="SimdPath.Auto"/> resolves to on this CPU.</summary>
    public static SimdPath BestPath =>
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>
    /// <c>C ← α·op(A)·op(B) + β·C</c> where op(A) is m×k, op(B) is k×n and C is m×n, all row-major with
    /// leading dimensions (row strides) <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>.
    /// </summary>
    /// <param name="transposeA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="transposeB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">Scale of the existing C (0 overwrites, 1 accumulates).</param>
    /// <param name="c">Storage of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="path">Instruction set; <see cref="SimdPath.Auto"/> picks the fastest available.</param>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc,
        SimdPath path = SimdPath.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a, lda, transposeA ? k : m, transposeA ? m : k, nameof(a), nameof(lda));
        CheckOperand(b, ldb, transposeB ? n : k, transposeB ? k : n, nameof(b), nameof(ldb));
        CheckOperand(c, ldc, m, n, nameof(c), nameof(ldc));

        ScaleC(c, ldc, m, n, beta);
        if (m == 0 || n == 0 || k == 0 || alpha == T.Zero)
        {
            return;
        }

        switch (path == SimdPath.Auto ? BestPath : path)
        {
            case SimdPath.Vector512:
                Blocked<T, Simd512<T>, Vector512<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
                break;
            case SimdPath.Vector256:
                Blocked<T, Simd256<T>, Vector256<T>>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
                break;
            default:
                Scalar(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
                break;
        }
    }

    /// <summary>
    /// Rank-2 tensor product into <paramref name="c"/>: <c>C ← α·op(A)·op(B) + β·C</c>, shapes checked.
    /// </summary>
    public static void MatMul<T>(Tensor<T> a, Tensor<T> b, Tensor<T> c, bool transposeA = false, bool transposeB = false,
        T? alpha = null, T? beta = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireRank2(a, nameof(a));
        RequireRank2(b, nameof(b));
        RequireRank2(c, nameof(c));
        int m = transposeA ? a.Size(1) : a.Size(0);
        int k = transposeA ? a.Size(0) : a.Size(1);
        int kb = transposeB ? b.Size(1) : b.Size(0);
        int n = transposeB ? b.Size(0) : b.Size(1);
        if (k != kb)
        {
            throw new ArgumentException(
                $"inner dimensions differ: op(a) is [{m}, {k}] and op(b) is [{kb}, {n}]", nameof(b));
        }

        if (c.Size(0) != m || c.Size(1) != n)
        {
            throw new ArgumentException($"expected c of shape [{m}, {n}], got {c.ShapeString}", nameof(c));
        }

        Multiply(transposeA, transposeB, m, n, k, alpha ?? T.One, a.AsSpan(), a.Size(1), b.AsSpan(), b.Size(1),
            beta ?? T.Zero, c.AsSpan(), n);
    }

    /// <summary>A new rank-2 tensor <c>op(A)·op(B)</c>.</summary>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireRank2(a, nameof(a));
        RequireRank2(b, nameof(b));
        var c = new Tensor<T>(transposeA ? a.Size(1) : a.Size(0), transposeB ? b.Size(0) : b.Size(1));
        MatMul(a, b, c, transposeA, transposeB);
        return c;
    }

    private static void Blocked<T, TOps, TVec>(
        bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        int nr = 2 * TOps.Count;
        int panels = (n + nr - 1) / nr;
        int strips = (m + MR - 1) / MR;
        int kc = Math.Min(KBlock, k);
        T[] packedB = ArrayPool<T>.Shared.Rent(panels * nr * kc);
        T[] packedA = ArrayPool<T>.Shared.Rent(strips * MR * kc);
        try
        {
            for (int k0 = 0; k0 < k; k0 += KBlock)
            {
                int depth = Math.Min(KBlock, k - k0);
                PackB(b, ldb, transposeB, k0, depth, n, nr, packedB);
                PackA(a, lda, transposeA, k0, depth, m, alpha, packedA);
                for (int s = 0; s < strips; s++)
                {
                    int rows = Math.Min(MR, m - s * MR);
                    ref T stripA = ref packedA[s * MR * depth];
                    for (int p = 0; p < panels; p++)
                    {
                        int cols = Math.Min(nr, n - p * nr);
                        ref T panelB = ref packedB[p * nr * depth];
                        ref T cBlock = ref c[s * MR * ldc + p * nr];
                        MicroKernel<T, TOps, TVec>(ref stripA, ref panelB, depth, ref cBlock, ldc, rows, cols);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedA);
            ArrayPool<T>.Shared.Return(packedB);
        }
    }

    /// <summary>
    /// C[0..rows, 0..cols] += Σ_p A[:, p] ⊗ B[p, :] over one packed strip (MR rows, interleaved per p)
    /// and one packed panel (2 vectors per p).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel<T, TOps, TVec>(ref T a, ref T b, int depth, ref T c, int ldc, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        int w = TOps.Count;
        int nr = 2 * w;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        for (int p = 0; p < depth; p++)
        {
            ref T bp = ref Unsafe.Add(ref b, p * nr);
            TVec b0 = TOps.Load(ref bp);
            TVec b1 = TOps.Load(ref Unsafe.Add(ref bp, w));
            ref T ap = ref Unsafe.Add(ref a, p * MR);
            TVec a0 = TOps.Broadcast(ap);
            c00 = TOps.MultiplyAdd(a0, b0, c00);
            c01 = TOps.MultiplyAdd(a0, b1, c01);
            TVec a1 = TOps.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = TOps.MultiplyAdd(a1, b0, c10);
            c11 = TOps.MultiplyAdd(a1, b1, c11);
            TVec a2 = TOps.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = TOps.MultiplyAdd(a2, b0, c20);
            c21 = TOps.MultiplyAdd(a2, b1, c21);
            TVec a3 = TOps.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = TOps.MultiplyAdd(a3, b0, c30);
            c31 = TOps.MultiplyAdd(a3, b1, c31);
            TVec a4 = TOps.Broadcast(Unsafe.Add(ref ap, 4));
            c40 = TOps.MultiplyAdd(a4, b0, c40);
            c41 = TOps.MultiplyAdd(a4, b1, c41);
            TVec a5 = TOps.Broadcast(Unsafe.Add(ref ap, 5));
            c50 = TOps.MultiplyAdd(a5, b0, c50);
            c51 = TOps.MultiplyAdd(a5, b1, c51);
        }

        if (rows == MR && cols == nr)
        {
            AddRow<T, TOps, TVec>(ref c, w, c00, c01);
            AddRow<T, TOps, TVec>(ref Unsafe.Add(ref c, ldc), w, c10, c11);
            AddRow<T, TOps, TVec>(ref Unsafe.Add(ref c, 2 * ldc), w, c20, c21);
            AddRow<T, TOps, TVec>(ref Unsafe.Add(ref c, 3 * ldc), w, c30, c31);
            AddRow<T, TOps, TVec>(ref Unsafe.Add(ref c, 4 * ldc), w, c40, c41);
            AddRow<T, TOps, TVec>(ref Unsafe.Add(ref c, 5 * ldc), w, c50, c51);
            return;
        }

        // Edge block: spill the registers to a small buffer and add only the valid part of C.
        Span<T> tile = stackalloc T[MR * nr];
        ref T t = ref MemoryMarshal.GetReference(tile);
        TOps.Store(c00, ref t);
        TOps.Store(c01, ref Unsafe.Add(ref t, w));
        TOps.Store(c10, ref Unsafe.Add(ref t, nr));
        TOps.Store(c11, ref Unsafe.Add(ref t, nr + w));
        TOps.Store(c20, ref Unsafe.Add(ref t, 2 * nr));
        TOps.Store(c21, ref Unsafe.Add(ref t, 2 * nr + w));
        TOps.Store(c30, ref Unsafe.Add(ref t, 3 * nr));
        TOps.Store(c31, ref Unsafe.Add(ref t, 3 * nr + w));
        TOps.Store(c40, ref Unsafe.Add(ref t, 4 * nr));
        TOps.Store(c41, ref Unsafe.Add(ref t, 4 * nr + w));
        TOps.Store(c50, ref Unsafe.Add(ref t, 5 * nr));
        TOps.Store(c51, ref Unsafe.Add(ref t, 5 * nr + w));
        for (int r = 0; r < rows; r++)
        {
            ref T cRow = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
            {
                Unsafe.Add(ref cRow, j) += tile[r * nr + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<T, TOps, TVec>(ref T cRow, int w, TVec lo, TVec hi)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, ISimdOps<T, TVec>
        where TVec : struct
    {
        TOps.Store(TOps.Add(TOps.Load(ref cRow), lo), ref cRow);
        ref T second = ref Unsafe.Add(ref cRow, w);
        TOps.Store(TOps.Add(TOps.Load(ref second), hi), ref second);
    }

    /// <summary>
    /// Packs rows [k0, k0+depth) of op(B) into panels of <paramref name="nr"/> columns:
    /// panel p holds, for each k, its nr values contiguously (zero past column n).
    /// </summary>
    private static void PackB<T>(ReadOnlySpan<T> b, int ldb, bool transposeB, int k0, int depth, int n, int nr, T[] packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int panels = (n + nr - 1) / nr;
        for (int p = 0; p < panels; p++)
        {
            int j0 = p * nr;
            int cols = Math.Min(nr, n - j0);
            Span<T> panel = packed.AsSpan(p * nr * depth, nr * depth);
            for (int kk = 0; kk < depth; kk++)
            {
                Span<T> dst = panel.Slice(kk * nr, nr);
                if (transposeB)
                {
                    for (int j = 0; j < cols; j++)
                    {
                        dst[j] = b[(j0 + j) * ldb + k0 + kk];
                    }
                }
                else
                {
                    b.Slice((k0 + kk) * ldb + j0, cols).CopyTo(dst);
                }

                dst[cols..].Clear();
            }
        }
    }

    /// <summary>
    /// Packs columns [k0, k0+depth) of α·op(A) into strips of <see cref="MR"/> rows:
    /// strip s holds, for each k, its MR values contiguously (zero past row m).
    /// </summary>
    private static void PackA<T>(ReadOnlySpan<T> a, int lda, bool transposeA, int k0, int depth, int m, T alpha, T[] packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int strips = (m + MR - 1) / MR;
        for (int s = 0; s < strips; s++)
        {
            int i0 = s * MR;
            int rows = Math.Min(MR, m - i0);
            Span<T> strip = packed.AsSpan(s * MR * depth, MR * depth);
            for (int kk = 0; kk < depth; kk++)
            {
                int col = k0 + kk;
                int baseIndex = kk * MR;
                for (int r = 0; r < MR; r++)
                {
                    strip[baseIndex + r] = r >= rows ? T.Zero
                        : alpha * (transposeA ? a[col * lda + i0 + r] : a[(i0 + r) * lda + col]);
                }
            }
        }
    }

    private static void Scalar<T>(
        bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                T aip = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p]);
                for (int j = 0; j < n; j++)
                {
                    c[i * ldc + j] += aip * (transposeB ? b[j * ldb + p] : b[p * ldb + j]);
                }
            }
        }
    }

    private static void ScaleC<T>(Span<T> c, int ldc, int m, int n, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private static void CheckOperand<T>(ReadOnlySpan<T> storage, int ld, int rows, int cols, string name, string ldName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld, $"row stride must be at least the {cols} stored columns of {name}");
        }

        long needed = rows == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (storage.Length < needed)
        {
            throw new ArgumentException(
                $"{name} is stored as {rows}×{cols} with row stride {ld}: needs {needed} elements, got {storage.Length}", name);
        }
    }

    private static void RequireRank2<T>(Tensor<T> t, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (t.Rank != 2)
        {
            throw new ArgumentException($"expected a rank-2 tensor, got shape {t.ShapeString}", name);
        }
    }
}
