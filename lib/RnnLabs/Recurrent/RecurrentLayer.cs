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

    /// <summary>The true lengths of the sequences of the latest Forward (null before the first one).</summary>
    public IReadOnlyList<int>? Lengths => _mask?.Lengths;

    /// <summary>‖∂L/∂h_t‖₂ per (layer, direction) and time step from the latest Backward (null before the first one).</summary>
    public HiddenGradientNorms? HiddenGradientNorms { get; private set; }

    /// <summary>The cell of one layer (0 = bottom) and direction (0 = forward, 1 = reverse).</summary>
    public RecurrentCell<T> Cell(int layer, int direction) => _passes[PassIndex(layer, direction)].Cell;

    /// <summary>
    /// The cell steps of the latest Forward for one (layer, direction), indexed by time t, for gate statistics.
    /// At steps past a sequence's length (see <see cref="Lengths"/>) the rows hold values the layer discarded.
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
        var mask = CheckInput(input, lengths);
        CheckState(h0, nameof(h0), mask.Batch);
        CheckCellState(c0, nameof(c0), mask.Batch);
        int directions = Options.NumDirections;
        int hidden = Options.HiddenSize;
        var finalHidden = new Tensor<T>(_passes.Length, mask.Batch, hidden);
        var finalCell = HasCellState ? new Tensor<T>(_passes.Length, mask.Batch, hidden) : null;
        var zeros = new Tensor<T>(mask.Batch, hidden);
        var x = input;
        var y = x;
        for (int layer = 0; layer < Options.NumLayers; layer++)
        {
            if (layer > 0)
            {
                x = _dropout.Forward(layer - 1, y, training);
            }

            y = new Tensor<T>(mask.Steps, mask.Batch, directions * hidden);
            for (int direction = 0; direction < directions; direction++)
            {
                int s = layer * directions + direction;
                _passes[s].Forward(x, mask, h0?[s] ?? zeros, HasCellState ? c0?[s] ?? zeros : null, y, finalHidden[s], finalCell?[s]);
            }
        }

        _mask = mask;
        return new RecurrentOutput<T>(Options.ReturnSequences ? y : TopFinalState(finalHidden), finalHidden, finalCell);
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
        if (Options.ReturnSequences)
        {
            Guard.Shape(outputGrad, Name, nameof(outputGrad), "T, B, numDirections·hiddenSize", mask.Steps, mask.Batch, directions * hidden);
        }
        else
        {
            Guard.Shape(outputGrad, Name, nameof(outputGrad), "B, numDirections·hiddenSize", mask.Batch, directions * hidden);
        }

        CheckState(hiddenStateGrad, nameof(hiddenStateGrad), mask.Batch);
        CheckCellState(cellStateGrad, nameof(cellStateGrad), mask.Batch);
        var finalHiddenGrad = hiddenStateGrad?.Clone() ?? new Tensor<T>(_passes.Length, mask.Batch, hidden);
        if (!Options.ReturnSequences)
        {
            AddTopFinalStateGrad(outputGrad, finalHiddenGrad);
        }

        var norms = new HiddenGradientNorms(Options.NumLayers, directions, mask.Steps);
        var h0Grad = new Tensor<T>(_passes.Length, mask.Batch, hidden);
        var c0Grad = HasCellState ? new Tensor<T>(_passes.Length, mask.Batch, hidden) : null;
        var layerOutputGrad = Options.ReturnSequences ? outputGrad : null;
        for (int layer = Options.NumLayers - 1; ; layer--)
        {
            var inputGrad = new Tensor<T>(mask.Steps, mask.Batch, _passes[layer * directions].Cell.InputSize);
            for (int direction = 0; direction < directions; direction++)
            {
                int s = layer * directions + direction;
                var (dh, dc) = _passes[s].Backward(layerOutputGrad, finalHiddenGrad[s], cellStateGrad?[s], mask, inputGrad, norms);
                h0Grad[s].CopyFrom(dh);
                c0Grad?[s].CopyFrom(dc!);
            }

            if (layer == 0)
            {
                HiddenGradientNorms = norms;
                return new RecurrentGradients<T>(inputGrad, h0Grad, c0Grad);
            }

            _dropout.Backward(layer - 1, inputGrad);
            layerOutputGrad = inputGrad;
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

    private SequenceMask CheckInput(Tensor<T> input, IReadOnlyList<int>? lengths)
    {
        string context = $"{Name}(layer 0)";
        Guard.Shape(input, context, nameof(input), "T, B, inputSize", Guard.Any, Guard.Any, Options.InputSize);
        if (input.Size(0) == 0 || input.Size(1) == 0)
        {
            throw new ArgumentException(
                $"{context} input: expected at least one time step and one sequence [T ≥ 1, B ≥ 1, {Options.InputSize}], got {input.ShapeString}", nameof(input));
        }

        Guard.Finite(input, context, nameof(input));
        return SequenceMask.Create(lengths, input.Size(0), input.Size(1), Name);
    }

    private void CheckState(Tensor<T>? state, string argument, int batch)
    {
        if (state is not null)
        {
            Guard.Shape(state, Name, argument, "numLayers·numDirections, B, hiddenSize", _passes.Length, batch, Options.HiddenSize);
            Guard.Finite(state, Name, argument);
        }
    }

    private void CheckCellState(Tensor<T>? state, string argument, int batch)
    {
        if (state is not null && !HasCellState)
        {
            throw new ArgumentException($"{Name} {argument}: expected null (only Lstm has a cell state), got a tensor {state.ShapeString}", argument);
        }

        CheckState(state, argument, batch);
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

    /// <summary>[h_n(top, forward), h_n(top, reverse)] as [B, D·H].</summary>
    private Tensor<T> TopFinalState(Tensor<T> finalHidden)
    {
        int directions = Options.NumDirections;
        int batch = finalHidden.Size(1);
        int hidden = Options.HiddenSize;
        var result = new Tensor<T>(batch, directions * hidden);
        for (int direction = 0; direction < directions; direction++)
        {
            var state = finalHidden[(Options.NumLayers - 1) * directions + direction].AsSpan();
            for (int b = 0; b < batch; b++)
            {
                state.Slice(b * hidden, hidden).CopyTo(result.AsSpan().Slice((b * directions + direction) * hidden, hidden));
            }
        }

        return result;
    }

    /// <summary>The backward of <see cref="TopFinalState"/>: adds its gradient into ∂L/∂h_n of the top layer.</summary>
    private void AddTopFinalStateGrad(Tensor<T> outputGrad, Tensor<T> finalHiddenGrad)
    {
        int directions = Options.NumDirections;
        int batch = outputGrad.Size(0);
        int hidden = Options.HiddenSize;
        for (int direction = 0; direction < directions; direction++)
        {
            var state = finalHiddenGrad[(Options.NumLayers - 1) * directions + direction].AsSpan();
            for (int b = 0; b < batch; b++)
            {
                var row = state.Slice(b * hidden, hidden);
                TensorPrimitives.Add(row, outputGrad.AsSpan().Slice((b * directions + direction) * hidden, hidden), row);
            }
        }
    }
}
