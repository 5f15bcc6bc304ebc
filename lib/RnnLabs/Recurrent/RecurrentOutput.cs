using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>What a sequence layer's full Forward returns (PyTorch's <c>output, (h_n, c_n)</c>).</summary>
/// <param name="Output">
/// <c>[T, B, D·H]</c> (zero at steps past a sequence's length) or, without return-sequences, <c>[B, D·H]</c>.
/// </param>
/// <param name="HiddenState">h_n, <c>[L·D, B, H]</c>: each (layer, direction)'s state at its last valid step.</param>
/// <param name="CellState">c_n of an LSTM, <c>[L·D, B, H]</c>; null for RNN and GRU.</param>
public sealed record RecurrentOutput<T>(Tensor<T> Output, Tensor<T> HiddenState, Tensor<T>? CellState)
    where T : unmanaged, IFloatingPointIeee754<T>;
