using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What a cell's Forward returns: the new state plus everything its Backward needs. Each cell extends it
/// with its own cached gate activations.
/// </summary>
public class CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a step record.</summary>
    public CellStep(Tensor<T> input, Tensor<T> previousHidden, Tensor<T>? previousCell, Tensor<T> hidden, Tensor<T>? cell)
    {
        Input = input;
        PreviousHidden = previousHidden;
        PreviousCell = previousCell;
        Hidden = hidden;
        Cell = cell;
    }

    /// <summary>x_t, [B, inputSize].</summary>
    public Tensor<T> Input { get; }

    /// <summary>h_{t−1}, [B, hiddenSize].</summary>
    public Tensor<T> PreviousHidden { get; }

    /// <summary>c_{t−1} for an LSTM, else null.</summary>
    public Tensor<T>? PreviousCell { get; }

    /// <summary>h_t, [B, hiddenSize].</summary>
    public Tensor<T> Hidden { get; }

    /// <summary>c_t for an LSTM, else null.</summary>
    public Tensor<T>? Cell { get; }
}

/// <summary>Gradients a cell's Backward returns: ∂L/∂x_t, ∂L/∂h_{t−1} and (LSTM) ∂L/∂c_{t−1}.</summary>
/// <param name="Input">∂L/∂x_t, [B, inputSize].</param>
/// <param name="PreviousHidden">∂L/∂h_{t−1}, [B, hiddenSize].</param>
/// <param name="PreviousCell">∂L/∂c_{t−1} for an LSTM, else null.</param>
public sealed record CellGradients<T>(Tensor<T> Input, Tensor<T> PreviousHidden, Tensor<T>? PreviousCell)
    where T : unmanaged, IFloatingPointIeee754<T>;
