using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// Slicing of gate matrices [B, G·H]: row b holds the G gate blocks of H units side by side, in the weights'
/// order (LSTM i, f, g, o; GRU r, z, n), which is how one product h·W_hhᵀ lays them out.
/// </summary>
internal static class GateBlocks
{
    /// <summary>Row <paramref name="row"/> of a row-major matrix with <paramref name="width"/> columns.</summary>
    public static Span<T> Row<T>(Span<T> matrix, int row, int width) => matrix.Slice(row * width, width);

    /// <summary>Gate block <paramref name="gate"/> (H columns) of row <paramref name="row"/> of a [B, G·H] matrix.</summary>
    public static Span<T> Block<T>(Span<T> matrix, int row, int gate, int gateCount, int hiddenSize) =>
        matrix.Slice((row * gateCount + gate) * hiddenSize, hiddenSize);

    /// <summary>Gate block <paramref name="gate"/> of every row of <paramref name="gates"/> [B, G·H], copied into a new [B, H].</summary>
    public static Tensor<T> Extract<T>(Tensor<T> gates, int gate, int gateCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = gates.Size(0);
        int size = gates.Size(1) / gateCount;
        var result = new Tensor<T>(batch, size);
        for (int b = 0; b < batch; b++)
        {
            Block(gates.AsSpan(), b, gate, gateCount, size).CopyTo(Row(result.AsSpan(), b, size));
        }

        return result;
    }

    /// <summary>The [B, H] tensors <paramref name="blocks"/> side by side per row, as a new [B, G·H].</summary>
    public static Tensor<T> Pack<T>(params Tensor<T>[] blocks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = blocks[0].Size(0);
        int size = blocks[0].Size(1);
        var result = new Tensor<T>(batch, blocks.Length * size);
        for (int gate = 0; gate < blocks.Length; gate++)
        {
            for (int b = 0; b < batch; b++)
            {
                Row(blocks[gate].AsSpan(), b, size).CopyTo(Block(result.AsSpan(), b, gate, blocks.Length, size));
            }
        }

        return result;
    }
}
