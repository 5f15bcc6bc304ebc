using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// The checks at a <see cref="RecurrentLayer{T}"/>'s public boundary, with <see cref="Guard"/>'s messages
/// (argument, expected and actual shape or value). They run on every training step, so when the arguments are
/// right they allocate nothing: no context string per call, and Guard.Shape's params array only on the way to a throw.
/// </summary>
internal sealed class LayerArgumentChecks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int NoAxis = int.MinValue;
    private readonly string _name;
    private readonly string _inputContext;
    private readonly RecurrentOptions _options;
    private readonly bool _hasCellState;

    /// <summary>Checks for the layer named <paramref name="name"/> built with <paramref name="options"/>.</summary>
    public LayerArgumentChecks(string name, RecurrentOptions options, bool hasCellState)
    {
        _name = name;
        _inputContext = $"{name}(layer 0)";
        _options = options;
        _hasCellState = hasCellState;
    }

    private int States => _options.NumLayers * _options.NumDirections;

    /// <summary>x [T ≥ 1, B ≥ 1, inputSize], finite, and its lengths (null, or one in [1, T] per sequence).</summary>
    public void Input(Tensor<T> input, IReadOnlyList<int>? lengths)
    {
        RequireShape(input, _inputContext, nameof(input), "T, B, inputSize", Guard.Any, Guard.Any, _options.InputSize);
        if (input.Size(0) == 0 || input.Size(1) == 0)
        {
            throw new ArgumentException(
                $"{_inputContext} input: expected at least one time step and one sequence [T ≥ 1, B ≥ 1, {_options.InputSize}], got {input.ShapeString}", nameof(input));
        }

        Guard.Finite(input, _inputContext, nameof(input));
        SequenceMask.Validate(lengths, input.Size(0), input.Size(1), _name);
    }

    /// <summary>∂L/∂output shaped like the output: [T, B, D·H], or [B, D·H] without return-sequences.</summary>
    public void OutputGrad(Tensor<T> outputGrad, int steps, int batch)
    {
        int width = _options.NumDirections * _options.HiddenSize;
        if (_options.ReturnSequences)
        {
            RequireShape(outputGrad, _name, nameof(outputGrad), "T, B, numDirections·hiddenSize", steps, batch, width);
        }
        else
        {
            RequireShape(outputGrad, _name, nameof(outputGrad), "B, numDirections·hiddenSize", batch, width);
        }
    }

    /// <summary>A state or state gradient (null allowed): [numLayers·D, B, hiddenSize], finite.</summary>
    public void State(Tensor<T>? state, string argument, int batch)
    {
        if (state is not null)
        {
            RequireShape(state, _name, argument, "numLayers·numDirections, B, hiddenSize", States, batch, _options.HiddenSize);
            Guard.Finite(state, _name, argument);
        }
    }

    /// <summary>A cell state or its gradient: like <see cref="State"/> for an LSTM, null for the others.</summary>
    public void CellState(Tensor<T>? state, string argument, int batch)
    {
        if (state is not null && !_hasCellState)
        {
            throw new ArgumentException($"{_name} {argument}: expected null (only Lstm has a cell state), got a tensor {state.ShapeString}", argument);
        }

        State(state, argument, batch);
    }

    /// <summary><see cref="Guard.Shape{T}"/> for rank 3, or rank 2 when <paramref name="d2"/> is omitted, reached only on a mismatch.</summary>
    private static void RequireShape(Tensor<T>? tensor, string context, string argument, string axes, int d0, int d1, int d2 = NoAxis)
    {
        static bool Fits(int actual, int expected) => expected == Guard.Any || expected == actual;
        int rank = d2 == NoAxis ? 2 : 3;
        if (tensor is not null && tensor.Rank == rank && Fits(tensor.Size(0), d0) && Fits(tensor.Size(1), d1)
            && (rank == 2 || Fits(tensor.Size(2), d2)))
        {
            return;
        }

        if (rank == 2)
        {
            Guard.Shape(tensor, context, argument, axes, d0, d1);
        }
        else
        {
            Guard.Shape(tensor, context, argument, axes, d0, d1, d2);
        }
    }
}
