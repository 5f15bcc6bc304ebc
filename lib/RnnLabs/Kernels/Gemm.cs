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
/// Blocked like BLIS/GotoBLAS (see <see cref="GemmDriver{T, TOps, TVec}"/>): op(B) is packed into panels one
/// micro-kernel tile wide, A is read in place when it can be, and a 6-row tile of C stays in registers for a whole
/// block of K (6 × 4 vectors on AVX-512, 6 × 2 on AVX2). Large products split their columns across
/// <see cref="KernelThreads.Count"/> threads without changing any sum, so results do not depend on the thread count.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Depth of one block of op(B) packed for a single product (the same for every path).</summary>
    internal const int KBlock = 256;

    /// <summary>
    /// Depth of a block whose panels are walked outermost (a <see cref="PackedMatrix{T}"/>, and a product over Aᵀ): a
    /// 128-deep panel of 64 floats is 32 KB, so it stays in L1 while the row strips pass over it.
    /// </summary>
    internal const int PanelKBlock = 128;

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
    /// <param name="rowBias">Empty, or n values added to every row of C after the product, rounded as a separate add would be (fusing a layer's + b saves a pass over C).</param>
    public static void Multiply<T>(
        bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc,
        SimdPath path = SimdPath.Auto, ReadOnlySpan<T> rowBias = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a, lda, transposeA ? k : m, transposeA ? m : k, nameof(a), nameof(lda));
        CheckOperand(b, ldb, transposeB ? n : k, transposeB ? k : n, nameof(b), nameof(ldb));
        CheckOperand(c, ldc, m, n, nameof(c), nameof(ldc));
        CheckRowBias(rowBias, n);

        path = path == SimdPath.Auto ? BestPath : path;
        bool overwrite = beta == T.Zero && path != SimdPath.Scalar && k > 0 && alpha != T.Zero;
        if (!overwrite)
        {
            ScaleC(c, ldc, m, n, beta);
        }

        if (m == 0 || n == 0 || k == 0 || alpha == T.Zero)
        {
            AddToRows(c, ldc, m, n, rowBias);
            return;
        }

        if (path == SimdPath.Scalar)
        {
            Scalar(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
            AddToRows(c, ldc, m, n, rowBias);
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pBias = rowBias)
        {
            var args = new GemmArgs<T>
            {
                A = pa, Lda = lda, TransposeA = transposeA, Alpha = alpha, B = pb, Ldb = ldb, TransposeB = transposeB,
                M = m, N = n, K = k, C = pc, Ldc = ldc, Overwrite = overwrite, RowBias = rowBias.IsEmpty ? null : pBias,
            };
            Run(path, args);
        }
    }

    /// <summary>
    /// <c>C ← A·op(B) + β·C</c> with op(B) packed in advance (k × n): A is m × k row-major with row stride
    /// <paramref name="lda"/>. The product for a recurrent step, whose op(B) (W_hhᵀ or W_hh) is the same at every step.
    /// </summary>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of A.</param>
    /// <param name="b">op(B), packed by <see cref="PackedMatrix{T}.Pack"/>.</param>
    /// <param name="beta">Scale of the existing C (0 overwrites, 1 accumulates).</param>
    /// <param name="c">Storage of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="rowBias">Empty, or n values added to every row of C after the product, rounded as a separate add would be (fusing a layer's + b saves a pass over C).</param>
    public static void Multiply<T>(int m, ReadOnlySpan<T> a, int lda, PackedMatrix<T> b, T beta, Span<T> c, int ldc,
        ReadOnlySpan<T> rowBias = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        int k = b.Rows;
        int n = b.Columns;
        CheckOperand(a, lda, m, k, nameof(a), nameof(lda));
        CheckOperand(c, ldc, m, n, nameof(c), nameof(ldc));
        CheckRowBias(rowBias, n);
        bool overwrite = beta == T.Zero && b.Path != SimdPath.Scalar && k > 0;
        if (!overwrite)
        {
            ScaleC(c, ldc, m, n, beta);
        }

        if (m == 0 || n == 0 || k == 0)
        {
            AddToRows(c, ldc, m, n, rowBias);
            return;
        }

        if (b.Path == SimdPath.Scalar)
        {
            Scalar(false, false, m, n, k, T.One, a, lda, b.Values, n, c, ldc);
            AddToRows(c, ldc, m, n, rowBias);
            return;
        }

        fixed (T* pa = a)
        fixed (T* pc = c)
        fixed (T* pBias = rowBias)
        {
            var args = new GemmArgs<T>
            {
                A = pa, Lda = lda, Alpha = T.One, PackedB = b.Pointer, M = m, N = n, K = k, C = pc, Ldc = ldc, Overwrite = overwrite,
                RowBias = rowBias.IsEmpty ? null : pBias,
            };
            Run(b.Path, args);
        }
    }

    /// <summary>
    /// <c>C1 += Aᵀ·B1</c> and <c>C2 += Aᵀ·B2</c> in one pass over A: A is stored k × m (row stride <paramref name="lda"/>),
    /// B1 k × n1, B2 k × n2, C1 m × n1, C2 m × n2, all dense row-major. The weight gradients ∂W_ih += dGᵀ·X and
    /// ∂W_hh += dGᵀ·H_prev of a cell whose input and hidden sides share the gate gradients dG [T·B, G·H]: read once for
    /// both instead of once each, and each copied block of it serves the panels of both. Every element is summed in
    /// the same order as by the two products one after the other, so the results are the same bit for bit.
    /// </summary>
    internal static void MultiplyTransposedPair<T>(int m, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b1, int n1, Span<T> c1,
        ReadOnlySpan<T> b2, int n2, Span<T> c2, SimdPath path = SimdPath.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n1);
        ArgumentOutOfRangeException.ThrowIfNegative(n2);
        CheckOperand(a, lda, k, m, nameof(a), nameof(lda));
        CheckOperand(b1, n1, k, n1, nameof(b1), nameof(n1));
        CheckOperand(b2, n2, k, n2, nameof(b2), nameof(n2));
        CheckOperand(c1, n1, m, n1, nameof(c1), nameof(n1));
        CheckOperand(c2, n2, m, n2, nameof(c2), nameof(n2));
        path = path == SimdPath.Auto ? BestPath : path;
        if (path == SimdPath.Scalar || m == 0 || k == 0 || n1 == 0 || n2 == 0)
        {
            Multiply(true, false, m, n1, k, T.One, a, lda, b1, n1, T.One, c1, n1, path);
            Multiply(true, false, m, n2, k, T.One, a, lda, b2, n2, T.One, c2, n2, path);
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb1 = b1)
        fixed (T* pb2 = b2)
        fixed (T* pc1 = c1)
        fixed (T* pc2 = c2)
        {
            var args = new GemmArgs<T>
            {
                A = pa, Lda = lda, TransposeA = true, Alpha = T.One, B = pb1, Ldb = n1, M = m, N = n1, K = k, C = pc1, Ldc = n1,
                B2 = pb2, Ldb2 = n2, N2 = n2, C2 = pc2, Ldc2 = n2,
            };
            Run(path, args);
        }
    }

    /// <summary>Columns per packed panel of op(B) on <paramref name="path"/> (0 for the scalar path).</summary>
    internal static int PanelWidth<T>(SimdPath path) where T : unmanaged, IFloatingPointIeee754<T> => path switch
    {
        SimdPath.Vector512 => GemmDriver<T, Simd512<T>, Vector512<T>>.PanelWidth,
        SimdPath.Vector256 => GemmDriver<T, Simd256<T>, Vector256<T>>.PanelWidth,
        _ => 0,
    };

    private static void Run<T>(SimdPath path, in GemmArgs<T> args) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path == SimdPath.Vector512)
        {
            GemmDriver<T, Simd512<T>, Vector512<T>>.Run(args);
        }
        else
        {
            GemmDriver<T, Simd256<T>, Vector256<T>>.Run(args);
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

    /// <summary>
    /// A row bias is empty or has one value per column of C. It is added after the last block of K, each element once:
    /// C ← (α·op(A)·op(B) + β·C) + 1·biasᵀ in the same two roundings as the product followed by a separate bias add, so
    /// fusing the add (a layer's + b) changes no bits and saves a pass over C.
    /// </summary>
    private static void CheckRowBias<T>(ReadOnlySpan<T> rowBias, int n)
    {
        if (!rowBias.IsEmpty && rowBias.Length != n)
        {
            throw new ArgumentException($"a row bias needs one value per column of C ({n}), got {rowBias.Length}", nameof(rowBias));
        }
    }

    private static void AddToRows<T>(Span<T> c, int ldc, int m, int n, ReadOnlySpan<T> rowBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rowBias.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            TensorPrimitives.Add(row, rowBias, row);
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

    internal static void CheckOperand<T>(ReadOnlySpan<T> storage, int ld, int rows, int cols, string name, string ldName)
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
