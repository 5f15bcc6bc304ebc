using System.Numerics;
using RnnLabs.Diagnostics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// The skeleton shared by <see cref="Rnn{T}"/>, <see cref="Lstm{T}"/> and <see cref="Gru{T}"/>, with the semantics of
/// PyTorch's <c>nn.RNN</c> / <c>nn.LSTM</c> / <c>nn.GRU</c> (<c>batch_first=False</c>): L stacked layers of D
/// directions, one <see cref="RecurrentCell{T}"/> per (layer, direction); the subclasses only choose the cell.
/// <code>
/// x⁰ = input [T, B, I]
/// yˡ = [forward pass of cell (l, 0) over xˡ ; reverse pass of cell (l, 1) over xˡ]     [T, B, D·H]
/// xˡ⁺¹ = dropout(yˡ)    (training only, inverted: kept units scaled by 1 / (1 − p))
/// output = y^{L−1}, or the top layer's h_n [B, D·H] without return-sequences
/// </code>
/// Padded batches follow pack_padded semantics (see <see cref="DirectionPass{T}"/>): past lengths[b] the state of
/// sequence b is carried unchanged and its output is zero; the reverse direction starts at lengths[b] − 1.
/// </summary>
public abstract class RecurrentLayer<T> : ISequenceLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DirectionPass<T>[] _passes;
    private readonly InterLayerDropout<T> _dropout;
    private readonly LayerArgumentChecks<T> _checks;
    private readonly LayerBuffers<T> _buffers;
    private SequenceMask? _mask;

    /// <summary>Builds one cell per (layer, direction) in PyTorch's order, drawing their weights from <paramref name="rng"/>.</summary>
    /// <param name="name">Layer name used in messages, e.g. <c>Lstm</c>.</param>
    /// <param name="options">Sizes and switches.</param>
    /// <param name="rng">Source of the initial weights, then (through a fork) of the dropout masks.</param>
    /// <param name="createCell">Makes a cell from its input size and parameter-name suffix (e.g. <c>_l1_reverse</c>).</param>
    protected RecurrentLayer(string name, RecurrentOptions options, Rng rng, Func<int, string, RecurrentCell<T>> createCell)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(createCell);
        Name = name;
        Guard.Positive(options.InputSize, name, "inputSize");
        Guard.Positive(options.HiddenSize, name, "hiddenSize");
        Guard.Positive(options.NumLayers, name, "numLayers");
        if (!(options.Dropout >= 0 && options.Dropout < 1))
        {
            throw new ArgumentOutOfRangeException("dropout", options.Dropout, $"{name} dropout: expected a value in [0, 1), got {options.Dropout}");
        }

        Options = options;
        int directions = options.NumDirections;
        _passes = new DirectionPass<T>[options.NumLayers * directions];
        for (int layer = 0; layer < options.NumLayers; layer++)
        {
            int inputSize = layer == 0 ? options.InputSize : directions * options.HiddenSize;
            for (int direction = 0; direction < directions; direction++)
            {
                string suffix = $"_l{layer}" + (direction == 1 ? "_reverse" : "");
                _passes[layer * directions + direction] = new DirectionPass<T>(createCell(inputSize, suffix), layer, direction);
            }
        }

        Cells = Array.AsReadOnly(_passes.Select(p => p.Cell).ToArray());
        _buffers = new LayerBuffers<T>(options, HasCellState);
        _checks = new LayerArgumentChecks<T>(name, options, HasCellState);

        // An own stream: the masks then do not depend on what else draws from the caller's generator later.
        _dropout = new InterLayerDropout<T>(options.Dropout, options.NumLayers - 1, rng.Fork());
    }

    /// <summary>The layer's name in messages: Rnn, Lstm or Gru.</summary>
    public string Name { get; }

    /// <summary>The configuration this layer was built with.</summary>
    public RecurrentOptions Options { get; }

    /// <summary>True for an LSTM, which carries a cell state c besides h.</summary>
    public bool HasCellState => _passes[0].Cell.HasCellState;

    /// <summary>The cells in PyTorch's order: layer 0 forward, layer 0 reverse, layer 1 forward, ...</summary>
    public IReadOnlyList<RecurrentCell<T>> Cells { get; }

    /// <summary>
    /// False (default): every Forward and Backward returns new tensors. True: Forward and Backward return the same
    /// output, final-state, input-gradient and h0/c0-gradient tensors (in the same <see cref="RecurrentOutput{T}"/> and
    /// <see cref="RecurrentGradients{T}"/> objects), and the same <see cref="HiddenGradientNorms"/>, on every call with
    /// the same shapes: each call overwrites what the previous one returned; Clone() what you keep. A training loop
    /// that only reads each result before the next step (the <c>Trainer</c> turns this on while it fits) then
    /// allocates nothing per step.
    /// </summary>
    public bool ReuseResultBuffers
    {
        get => _buffers.Reuse;
        set => _buffers.Reuse = value;
    }

    /// <summary>The true lengths of the sequences of the latest Forward (null before the first one; refilled by the next Forward).</summary>
    public IReadOnlyList<int>? Lengths => _mask?.Lengths;

    /// <summary>‖∂L/∂h_t‖₂ per (layer, direction) and time step from the latest Backward (null before the first one).</summary>
    public HiddenGradientNorms? HiddenGradientNorms { get; private set; }

    /// <summary>The cell of one layer (0 = bottom) and direction (0 = forward, 1 = reverse).</summary>
    public RecurrentCell<T> Cell(int layer, int direction) => _passes[PassIndex(layer, direction)].Cell;

    /// <summary>
    /// The cell steps of the latest Forward for one (layer, direction), indexed by time t, for gate statistics.
    /// At steps past a sequence's length (see <see cref="Lengths"/>) the rows hold values the layer discarded (or, in
    /// Hidden and Cell, the state it carried on).
    /// The steps and their tensors are views into the layer's workspaces, valid until the next Forward.
    /// </summary>
    public IReadOnlyList<CellStep<T>> Steps(int layer, int direction) => _passes[PassIndex(layer, direction)].Steps;

    /// <summary>Runs the layer over a batch of sequences.</summary>
    /// <param name="input">x, <c>[T, B, inputSize]</c>, finite, T ≥ 1, B ≥ 1.</param>
    /// <param name="lengths">True length of each sequence, in [1, T] (null: all T).</param>
    /// <param name="h0">Initial hidden states <c>[numLayers·D, B, hiddenSize]</c> (null: zeros).</param>
    /// <param name="c0">Initial cell states of an LSTM, same shape (null: zeros); must be null for RNN and GRU.</param>
    /// <param name="training">Enables dropout between layers.</param>
    public RecurrentOutput<T> Forward(Tensor<T> input, IReadOnlyList<int>? lengths = null, Tensor<T>? h0 = null,
        Tensor<T>? c0 = null, bool training = false)
    {
        _checks.Input(input, lengths);
        int steps = input.Size(0);
        int batch = input.Size(1);
        _checks.State(h0, nameof(h0), batch);
        _checks.CellState(c0, nameof(c0), batch);
        var mask = _mask = SequenceMask.Update(_mask, lengths, steps, batch);
        int directions = Options.NumDirections;
        int state = batch * Options.HiddenSize;
        var result = _buffers.ForwardResult(steps, batch);
        Span<T> finalHidden = result.HiddenState.AsSpan();
        Span<T> finalCell = result.CellState is null ? default : result.CellState.AsSpan();
        var x = input;
        var y = x;
        for (int layer = 0; layer < Options.NumLayers; layer++)
        {
            if (layer > 0)
            {
                x = _dropout.Forward(layer - 1, y, training);
            }

            y = layer == Options.NumLayers - 1 && Options.ReturnSequences
                ? result.Output
                : _buffers.LayerOutput(layer, steps, batch);
            for (int direction = 0; direction < directions; direction++)
            {
                int s = layer * directions + direction;
                _passes[s].Forward(x, mask, StateOf(h0, s, state), StateOf(c0, s, state), y.AsSpan(),
                    finalHidden.Slice(s * state, state), finalCell.IsEmpty ? default : finalCell.Slice(s * state, state));
            }
        }

        if (!Options.ReturnSequences)
        {
            WriteTopFinalState(finalHidden, result.Output.AsSpan(), batch);
        }

        return result;
    }

    /// <summary>
    /// Backpropagation through time for the latest Forward: accumulates every parameter's gradient and returns
    /// ∂L/∂input, ∂L/∂h0 and (LSTM) ∂L/∂c0.
    /// </summary>
    /// <param name="outputGrad">∂L/∂output, shaped like the latest output.</param>
    /// <param name="hiddenStateGrad">∂L/∂h_n <c>[numLayers·D, B, hiddenSize]</c> (null: h_n carries no loss).</param>
    /// <param name="cellStateGrad">∂L/∂c_n of an LSTM, same shape (null: c_n carries no loss).</param>
    public RecurrentGradients<T> Backward(Tensor<T> outputGrad, Tensor<T>? hiddenStateGrad = null, Tensor<T>? cellStateGrad = null)
    {
        var mask = _mask ?? throw new InvalidOperationException($"{Name} Backward: no Forward to go back through; call Forward first");
        int directions = Options.NumDirections;
        int hidden = Options.HiddenSize;
        int steps = mask.Steps;
        int batch = mask.Batch;
        _checks.OutputGrad(outputGrad, steps, batch);
        _checks.State(hiddenStateGrad, nameof(hiddenStateGrad), batch);
        _checks.CellState(cellStateGrad, nameof(cellStateGrad), batch);
        int state = batch * hidden;
        var finalHiddenGrad = _buffers.FinalHiddenGrad(batch);
        if (hiddenStateGrad is null)
        {
            finalHiddenGrad.Clear();
        }
        else
        {
            finalHiddenGrad.CopyFrom(hiddenStateGrad);
        }

        if (!Options.ReturnSequences)
        {
            AddTopFinalStateGrad(outputGrad.AsSpan(), finalHiddenGrad.AsSpan(), batch);
        }

        var norms = _buffers.Norms(steps);
        var result = _buffers.BackwardResult(steps, batch);
        ReadOnlySpan<T> layerOutputGrad = Options.ReturnSequences ? outputGrad.AsSpan() : default;
        for (int layer = Options.NumLayers - 1; ; layer--)
        {
            var inputGrad = layer == 0 ? result.Input : _buffers.LayerInputGrad(layer, steps, batch);
            for (int direction = 0; direction < directions; direction++)
            {
                int s = layer * directions + direction;
                _passes[s].Backward(layerOutputGrad, finalHiddenGrad.AsSpan().Slice(s * state, state), StateOf(cellStateGrad, s, state),
                    mask, inputGrad.AsSpan(), direction > 0, norms, result.InitialHiddenState.AsSpan().Slice(s * state, state),
                    result.InitialCellState is null ? default : result.InitialCellState.AsSpan().Slice(s * state, state));
            }

            if (layer == 0)
            {
                HiddenGradientNorms = norms;
                return result;
            }

            _dropout.Backward(layer - 1, inputGrad);
            layerOutputGrad = inputGrad.AsSpan();
        }
    }

    /// <inheritdoc />
    Tensor<T> ILayer<T>.Forward(Tensor<T> input, bool training) => Forward(input, training: training).Output;

    /// <inheritdoc />
    Tensor<T> ISequenceLayer<T>.Forward(Tensor<T> input, IReadOnlyList<int>? lengths, bool training) =>
        Forward(input, lengths, training: training).Output;

    /// <inheritdoc />
    Tensor<T> ILayer<T>.Backward(Tensor<T> outputGrad) => Backward(outputGrad).Input;

    /// <summary>weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (then <c>_reverse</c>) in state_dict order.</summary>
    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters() =>
        Cells.SelectMany(cell => cell.Parameters).Select(p => (p.Name, p));

    /// <summary>PyTorch-like summary, e.g. <c>Lstm(64, 128, numLayers: 2, bidirectional)</c>.</summary>
    public override string ToString() =>
        $"{Name}({Options.InputSize}, {Options.HiddenSize}"
        + (Options.NumLayers != 1 ? $", numLayers: {Options.NumLayers}" : "")
        + (Options.Bidirectional ? ", bidirectional" : "")
        + (Options.Dropout != 0 ? $", dropout: {Options.Dropout}" : "")
        + (Options.ReturnSequences ? "" : ", last state only") + ")";

    /// <summary>For layers whose activations are fixed: rejects any <see cref="RecurrentOptions.Nonlinearity"/> but tanh.</summary>
    protected void RequireTanh()
    {
        if (Options.Nonlinearity != RnnNonlinearity.Tanh)
        {
            throw new ArgumentException(
                $"{Name} nonlinearity: expected {RnnNonlinearity.Tanh} (only Rnn chooses its nonlinearity), got {Options.Nonlinearity}", "nonlinearity");
        }
    }

    private int PassIndex(int layer, int direction)
    {
        if ((uint)layer >= (uint)Options.NumLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{Name} layer: expected [0, {Options.NumLayers}), got {layer}");
        }

        if ((uint)direction >= (uint)Options.NumDirections)
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, $"{Name} direction: expected [0, {Options.NumDirections}), got {direction}");
        }

        return layer * Options.NumDirections + direction;
    }

    /// <summary>State s [B, H] of an [L·D, B, H] tensor, or empty when there is none.</summary>
    private static ReadOnlySpan<T> StateOf(Tensor<T>? states, int s, int state) =>
        states is null ? default : states.AsSpan().Slice(s * state, state);

    /// <summary>[h_n(top, forward), h_n(top, reverse)] per row into <paramref name="output"/> [B, D·H].</summary>
    private void WriteTopFinalState(ReadOnlySpan<T> finalHidden, Span<T> output, int batch)
    {
        int directions = Options.NumDirections;
        int hidden = Options.HiddenSize;
        for (int direction = 0; direction < directions; direction++)
        {
            var state = finalHidden.Slice(((Options.NumLayers - 1) * directions + direction) * batch * hidden, batch * hidden);
            for (int b = 0; b < batch; b++)
            {
                state.Slice(b * hidden, hidden).CopyTo(output.Slice((b * directions + direction) * hidden, hidden));
            }
        }
    }

    /// <summary>The backward of <see cref="WriteTopFinalState"/>: adds its gradient into ∂L/∂h_n of the top layer.</summary>
    private void AddTopFinalStateGrad(ReadOnlySpan<T> outputGrad, Span<T> finalHiddenGrad, int batch)
    {
        int directions = Options.NumDirections;
        int hidden = Options.HiddenSize;
        for (int direction = 0; direction < directions; direction++)
        {
            var state = finalHiddenGrad.Slice(((Options.NumLayers - 1) * directions + direction) * batch * hidden, batch * hidden);
            for (int b = 0; b < batch; b++)
            {
                var row = state.Slice(b * hidden, hidden);
                TensorPrimitives.Add(row, outputGrad.Slice((b * directions + direction) * hidden, hidden), row);
            }
        }
    }
}
