using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnLabs.Kernels;

/// <summary>
/// Copies of GEMM operands in the order the micro-kernels read them. A packed B panel holds, for each p of a K block,
/// its nr values contiguously (zero past column n), so the kernel streams it with unit stride whatever op(B)'s
/// layout; a packed A strip holds, for each p, its 6 values (zero past row m). Packing is also where transposes
/// and α are absorbed.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [k0, k0 + depth) of op(B) (k × n; B stored n × k when <paramref name="transposeB"/>) for the panels
    /// [q0, q1) of width <paramref name="nr"/>: panel q goes to <c>destination + (q − q0)·depth·nr</c>.
    /// </summary>
    public static void PackB<T>(T* b, nint ldb, bool transposeB, int k0, int depth, int n, int nr, int q0, int q1, T* destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int q = q0; q < q1; q++)
        {
            int j0 = q * nr;
            int cols = Math.Min(nr, n - j0);
            T* panel = destination + (nint)(q - q0) * depth * nr;
            if (transposeB)
            {
                int done = typeof(T) == typeof(float) && Avx.IsSupported
                    ? TransposeBlocks((float*)(b + j0 * ldb + k0), ldb, depth, cols, nr, (float*)panel)
                    : 0;
                for (int j = 0; j < cols; j++)
                {
                    T* source = b + (j0 + j) * ldb + k0;
                    for (int p = j < done ? depth / 8 * 8 : 0; p < depth; p++)
                    {
                        panel[p * nr + j] = source[p];
                    }
                }

                for (int j = cols; j < nr; j++)
                {
                    for (int p = 0; p < depth; p++)
                    {
                        panel[p * nr + j] = T.Zero;
                    }
                }
            }
            else if (cols == nr)
            {
                CopyRows(b + k0 * ldb + j0, ldb, depth, nr, panel);
            }
            else
            {
                for (int p = 0; p < depth; p++)
                {
                    var row = new Span<T>(panel + p * nr, nr);
                    new ReadOnlySpan<T>(b + (k0 + p) * ldb + j0, cols).CopyTo(row);
                    row[cols..].Clear();
                }
            }
        }
    }

    /// <summary>
    /// panel[p·nr + j] = source[j·ld + p] for the whole 8 × 8 blocks of a transposed panel (j &lt; cols, p &lt; depth, both
    /// rounded down to a multiple of 8): eight rows of Bᵀ's source loaded as vectors, transposed in registers with
    /// unpack / shuffle / lane permutes, stored as eight rows of the panel. Returns the columns done (a multiple of 8);
    /// the caller copies the rest, and the last depth mod 8 rows of those columns, one value at a time. Packing W_hhᵀ
    /// [128, 512] (once per forward) took 74 µs one value at a time and 22-45 µs this way (medians of 201 packs, runs in
    /// separate processes).
    /// </summary>
    private static int TransposeBlocks(float* source, nint ld, int depth, int cols, int nr, float* panel)
    {
        int blockCols = cols / 8 * 8;
        int blockDepth = depth / 8 * 8;
        for (int j = 0; j < blockCols; j += 8)
        {
            float* rows = source + j * ld;
            for (int p = 0; p < blockDepth; p += 8)
            {
                Vector256<float> r0 = Avx.LoadVector256(rows + p), r1 = Avx.LoadVector256(rows + ld + p);
                Vector256<float> r2 = Avx.LoadVector256(rows + 2 * ld + p), r3 = Avx.LoadVector256(rows + 3 * ld + p);
                Vector256<float> r4 = Avx.LoadVector256(rows + 4 * ld + p), r5 = Avx.LoadVector256(rows + 5 * ld + p);
                Vector256<float> r6 = Avx.LoadVector256(rows + 6 * ld + p), r7 = Avx.LoadVector256(rows + 7 * ld + p);
                Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
                Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
                Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
                Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
                Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
                Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
                Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
                float* target = panel + p * nr + j;
                Avx.Store(target, Avx.Permute2x128(s0, s4, 0x20));
                Avx.Store(target + nr, Avx.Permute2x128(s1, s5, 0x20));
                Avx.Store(target + 2 * nr, Avx.Permute2x128(s2, s6, 0x20));
                Avx.Store(target + 3 * nr, Avx.Permute2x128(s3, s7, 0x20));
                Avx.Store(target + 4 * nr, Avx.Permute2x128(s0, s4, 0x31));
                Avx.Store(target + 5 * nr, Avx.Permute2x128(s1, s5, 0x31));
                Avx.Store(target + 6 * nr, Avx.Permute2x128(s2, s6, 0x31));
                Avx.Store(target + 7 * nr, Avx.Permute2x128(s3, s7, 0x31));
            }
        }

        return blockCols;
    }

    /// <summary>
    /// destination[p·nr + j] = source[p·ld + j] for p &lt; rows, j &lt; nr: a full panel's rows, copied a vector at a time
    /// (nr is a whole number of 256-bit vectors on every SIMD path), which for rows this short is several times
    /// cheaper than a general copy call per row.
    /// </summary>
    private static void CopyRows<T>(T* source, nint ld, int rows, int nr, T* destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        for (int p = 0; p < rows; p++)
        {
            T* from = source + p * ld;
            T* to = destination + p * nr;
            for (int j = 0; j < nr; j += w)
            {
                Vector256.Store(Vector256.Load(from + j), to + j);
            }
        }
    }

    /// <summary>
    /// Packs α·op(A)[i0 .. i0 + 6, k0 .. k0 + depth) (A stored k × m when <paramref name="transposeA"/>) into
    /// <c>destination[p·6 + r]</c>, zero for rows past <paramref name="m"/>.
    /// </summary>
    public static void PackA<T>(T* a, nint lda, bool transposeA, T alpha, int i0, int m, int k0, int depth, T* destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = GemmMicroKernels.Rows;
        int valid = Math.Min(rows, m - i0);
        if (transposeA)
        {
            for (int p = 0; p < depth; p++)
            {
                T* source = a + (k0 + p) * lda + i0;
                T* target = destination + p * rows;
                for (int r = 0; r < valid; r++)
                {
                    target[r] = alpha * source[r];
                }

                for (int r = valid; r < rows; r++)
                {
                    target[r] = T.Zero;
                }
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            T* source = a + (i0 + r) * lda + k0;
            for (int p = 0; p < depth; p++)
            {
                destination[p * rows + r] = r < valid ? alpha * source[p] : T.Zero;
            }
        }
    }
}
