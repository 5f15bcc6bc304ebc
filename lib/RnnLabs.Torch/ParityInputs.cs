using System.Numerics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Torch;

/// <summary>
/// What a parity check feeds both implementations: the input, optional initial states, and the gradients of a scalar
/// loss with respect to each output, L = Σ output ⊙ OutputGrad + Σ h_n ⊙ HiddenStateGrad + Σ c_n ⊙ CellStateGrad.
/// Fixed random gradients make every element of every output reach the comparison with its own weight.
/// </summary>
/// <param name="Input">x, <c>[T, B, inputSize]</c>.</param>
/// <param name="OutputGrad">∂L/∂output, shaped like the layer's output.</param>
public sealed record ParityInputs<T>(Tensor<T> Input, Tensor<T> OutputGrad) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>h0, <c>[L·D, B, H]</c>; null runs both sides from zeros (and compares no ∂L/∂h0).</summary>
    public Tensor<T>? InitialHiddenState { get; init; }

    /// <summary>c0 of an LSTM, <c>[L·D, B, H]</c>; null runs both sides from zeros (and compares no ∂L/∂c0).</summary>
    public Tensor<T>? InitialCellState { get; init; }

    /// <summary>∂L/∂h_n, <c>[L·D, B, H]</c>; null puts no loss on h_n.</summary>
    public Tensor<T>? HiddenStateGrad { get; init; }

    /// <summary>∂L/∂c_n of an LSTM, <c>[L·D, B, H]</c>; null puts no loss on c_n.</summary>
    public Tensor<T>? CellStateGrad { get; init; }

    /// <summary>
    /// Inputs for <paramref name="layer"/> drawn from U(−1, 1): x <c>[steps, batch, I]</c>, ∂L/∂output, ∂L/∂h_n and
    /// (LSTM) ∂L/∂c_n, plus h0 and (LSTM) c0 when <paramref name="initialState"/> is true.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="batch"/> is not positive.</exception>
    public static ParityInputs<T> Random(RecurrentLayer<T> layer, int steps, int batch, Rng rng, bool initialState)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var o = layer.Options;
        int[] output = o.ReturnSequences ? [steps, batch, o.NumDirections * o.HiddenSize] : [batch, o.NumDirections * o.HiddenSize];
        int[] state = [o.NumLayers * o.NumDirections, batch, o.HiddenSize];
        bool lstm = layer.HasCellState;
        return new ParityInputs<T>(rng.Uniform<T>(-1, 1, steps, batch, o.InputSize), rng.Uniform<T>(-1, 1, output))
        {
            HiddenStateGrad = rng.Uniform<T>(-1, 1, state),
            CellStateGrad = lstm ? rng.Uniform<T>(-1, 1, state) : null,
            InitialHiddenState = initialState ? rng.Uniform<T>(-1, 1, state) : null,
            InitialCellState = initialState && lstm ? rng.Uniform<T>(-1, 1, state) : null,
        };
    }
}
