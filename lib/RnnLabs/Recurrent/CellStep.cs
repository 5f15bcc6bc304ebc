using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What a cell's Forward returns: the new state plus everything its Backward needs. Each cell extends it
/// with its own cached gate activations.
/// </summary>
/// <remarks>
/// A step of a sequence layer (<see cref="RecurrentLayer{T}.Steps"/>) holds views into the layer's workspaces:
/// its tensors are overwritten by the next Forward of that layer, so Clone() what you keep.
/// </remarks>
public class CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _time;
    private Tensor<T>? _input;
    private Tensor<T>? _inputSequence;

    /// <summary>Creates a step record.</summary>
    public CellStep(Tensor<T> input, Tensor<T> previousHidden, Tensor<T>? previousCell, Tensor<T> hidden, Tensor<T>? cell)
    {
        _input = input;
        PreviousHidden = previousHidden;
        PreviousCell = previousCell;
        Hidden = hidden;
        Cell = cell;
    }

    /// <summary>
    /// A step made by a cell: with <paramref name="input"/> null it is step <paramref name="time"/> of a sequence,
    /// whose x_t is bound later with <see cref="BindInput"/>.
    /// </summary>
    internal CellStep(Tensor<T>? input, int time, Tensor<T> previousHidden, Tensor<T>? previousCell, Tensor<T> hidden, Tensor<T>? cell)
    {
        _input = input;
        _time = time;
        PreviousHidden = previousHidden;
        PreviousCell = previousCell;
        Hidden = hidden;
        Cell = cell;
    }

    /// <summary>
    /// The same step restricted to batch rows [<paramref name="start"/>, start + <paramref name="count"/>): every
    /// tensor a view of those rows, so a thread can run the time loop of its part of the batch on it.
    /// </summary>
    internal virtual CellStep<T> Rows(int start, int count) =>
        new(null, Time, PreviousHidden.Rows(start, count), PreviousCell?.Rows(start, count), Hidden.Rows(start, count),
            Cell?.Rows(start, count));

    /// <summary>t, for a step of a sequence.</summary>
    private protected int Time => _time;

    /// <summary>x_t, [B, inputSize].</summary>
    public Tensor<T> Input => _input ??= _inputSequence![_time];

    /// <summary>h_{t−1}, [B, hiddenSize].</summary>
    public Tensor<T> PreviousHidden { get; }

    /// <summary>c_{t−1} for an LSTM, else null.</summary>
    public Tensor<T>? PreviousCell { get; }

    /// <summary>h_t, [B, hiddenSize].</summary>
    public Tensor<T> Hidden { get; }

    /// <summary>c_t for an LSTM, else null.</summary>
    public Tensor<T>? Cell { get; }

    /// <summary>
    /// Makes x_t the view of step t of <paramref name="sequence"/> [T, B, I]. The view is only created when
    /// <see cref="Input"/> is read: a sequence layer's input changes every batch and the time loop never reads it.
    /// </summary>
    internal void BindInput(Tensor<T> sequence)
    {
        if (!ReferenceEquals(sequence, _inputSequence))
        {
            _inputSequence = sequence;
            _input = null;
        }
    }
}

/// <summary>Gradients a cell's Backward returns: ∂L/∂x_t, ∂L/∂h_{t−1} and (LSTM) ∂L/∂c_{t−1}.</summary>
/// <param name="Input">∂L/∂x_t, [B, inputSize].</param>
/// <param name="PreviousHidden">∂L/∂h_{t−1}, [B, hiddenSize].</param>
/// <param name="PreviousCell">∂L/∂c_{t−1} for an LSTM, else null.</param>
public sealed record CellGradients<T>(Tensor<T> Input, Tensor<T> PreviousHidden, Tensor<T>? PreviousCell)
    where T : unmanaged, IFloatingPointIeee754<T>;
