using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Torch;

/// <summary>
/// Everything one forward and backward pass of a recurrent layer produced, as RnnLabs tensors, whichever
/// implementation ran it: the outputs, and the gradients of the parity loss (see <see cref="ParityInputs{T}"/>).
/// </summary>
/// <param name="Output">The layer's output: <c>[T, B, D·H]</c>, or <c>[B, D·H]</c> without return-sequences.</param>
/// <param name="HiddenState">h_n, <c>[L·D, B, H]</c>.</param>
/// <param name="CellState">c_n of an LSTM, else null.</param>
/// <param name="InputGrad">∂L/∂x, <c>[T, B, I]</c>.</param>
/// <param name="InitialHiddenStateGrad">∂L/∂h0 when an h0 was given, else null.</param>
/// <param name="InitialCellStateGrad">∂L/∂c0 when a c0 was given, else null.</param>
/// <param name="ParameterGrads">∂L/∂θ for every parameter, by PyTorch name.</param>
public sealed record RecurrentRun<T>(
    Tensor<T> Output,
    Tensor<T> HiddenState,
    Tensor<T>? CellState,
    Tensor<T> InputGrad,
    Tensor<T>? InitialHiddenStateGrad,
    Tensor<T>? InitialCellStateGrad,
    IReadOnlyList<(string Name, Tensor<T> Gradient)> ParameterGrads)
    where T : unmanaged, IFloatingPointIeee754<T>;
