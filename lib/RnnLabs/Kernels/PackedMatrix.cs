using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Kernels;

/// <summary>
/// A right-hand operand op(B) (k × n) packed once into the panel layout <see cref="Gemm"/>'s micro-kernels read, for
/// products that reuse it many times: a recurrent layer multiplies every time step's h by the same W_hhᵀ, so it packs
/// W_hhᵀ once per forward pass instead of once per step. Pack again after the values change (an optimizer step).
/// </summary>
public sealed unsafe class PackedMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private AlignedArray<T> _data = new(0);

    /// <summary>An empty packed operand for the instruction set <paramref name="path"/> (Auto: the fastest available).</summary>
    public PackedMatrix(SimdPath path = SimdPath.Auto)
    {
        Path = path == SimdPath.Auto ? Gemm.BestPath : path;
        PanelWidth = Gemm.PanelWidth<T>(Path);
    }

    /// <summary>The instruction set the layout is for; products with this operand run on it.</summary>
    public SimdPath Path { get; }

    /// <summary>k, rows of op(B) (0 before the first <see cref="Pack"/>).</summary>
    public int Rows { get; private set; }

    /// <summary>n, columns of op(B).</summary>
    public int Columns { get; private set; }

    /// <summary>Columns per packed panel (0 on the scalar path, which keeps op(B) row-major).</summary>
    internal int PanelWidth { get; }

    /// <summary>The packed values (pinned: worker threads read them through a pointer; from a cache-line boundary).</summary>
    internal T* Pointer => _data.Pointer;

    /// <summary>The packed values as a span (the scalar path's row-major op(B)).</summary>
    internal ReadOnlySpan<T> Values => _data.Array.AsSpan(_data.Offset, Rows * Columns);

    /// <summary>
    /// Packs op(B) = B (stored <paramref name="rows"/> × <paramref name="columns"/>) or, with <paramref name="transpose"/>,
    /// Bᵀ (B stored <paramref name="columns"/> × <paramref name="rows"/>), reusing the storage of earlier packs.
    /// </summary>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="rows">k, rows of op(B).</param>
    /// <param name="columns">n, columns of op(B).</param>
    /// <param name="transpose">Pack Bᵀ.</param>
    public void Pack(ReadOnlySpan<T> b, int ldb, int rows, int columns, bool transpose)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Gemm.CheckOperand(b, ldb, transpose ? columns : rows, transpose ? rows : columns, nameof(b), nameof(ldb));
        int nr = PanelWidth;
        int panels = nr == 0 ? 1 : (columns + nr - 1) / nr;
        int length = nr == 0 ? rows * columns : rows * panels * nr;
        if (_data.Length < length)
        {
            _data = new(length);
        }

        Rows = rows;
        Columns = columns;
        if (rows == 0 || columns == 0)
        {
            return;
        }

        fixed (T* source = b)
        {
            if (nr == 0)
            {
                for (int p = 0; p < rows; p++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        Pointer[p * columns + j] = transpose ? source[j * ldb + p] : source[p * ldb + j];
                    }
                }

                return;
            }

            for (int k0 = 0; k0 < rows; k0 += Gemm.PanelKBlock)
            {
                int depth = Math.Min(Gemm.PanelKBlock, rows - k0);
                GemmPacking.PackB(source, ldb, transpose, k0, depth, columns, nr, 0, panels, Pointer + (nint)k0 * panels * nr);
            }
        }
    }
}
