using System.Numerics;

namespace RnnLabs.Kernels;

/// <summary>Row-wise reductions on a row-major [rows, cols] matrix, vectorised per row (a bias add is fused into <see cref="Gemm"/>).</summary>
public static class RowOps
{
    /// <summary>sums += Σ_r matrix[r, :] (a bias gradient: the column sums).</summary>
    public static void AccumulateColumnSums<T>(ReadOnlySpan<T> matrix, int cols, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(matrix.Length, cols, sums.Length);
        for (int r = 0; r < matrix.Length / cols; r++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(r * cols, cols), sums);
        }
    }

    private static void CheckShape(int length, int cols, int vectorLength)
    {
        if (cols <= 0 || length % cols != 0 || vectorLength != cols)
        {
            throw new ArgumentException($"a matrix of {length} elements with {cols} columns needs a vector of {cols}, got {vectorLength}");
        }
    }
}
