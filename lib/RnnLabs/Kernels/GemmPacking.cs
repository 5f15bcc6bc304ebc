using System.Numerics;
using System.Runtime.Intrinsics;

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
                for (int j = 0; j < cols; j++)
                {
                    T* source = b + (j0 + j) * ldb + k0;
                    for (int p = 0; p < depth; p++)
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
