using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>What a sequence layer's full Backward returns.</summary>
/// <param name="Input">∂L/∂input, <c>[T, B, I]</c> (zero at padded steps).</param>
/// <param name="InitialHiddenState">∂L/∂h0, <c>[L·D, B, H]</c> (also when Forward used the default zero state).</param>
/// <param name="InitialCellState">∂L/∂c0 of an LSTM, <c>[L·D, B, H]</c>; null for RNN and GRU.</param>
public sealed record RecurrentGradients<T>(Tensor<T> Input, Tensor<T> InitialHiddenState, Tensor<T>? InitialCellState)
    where T : unmanaged, IFloatingPointIeee754<T>;
