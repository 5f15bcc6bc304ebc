using System.Numerics;
using RnnLabs.Diagnostics;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// The time loop of one (layer, direction): its cell run over the sequence under the padding mask, with every
/// step kept for backpropagation through time. With m = m_t[b] and t−1 meaning the step before t in this
/// direction's order (t + 1 for the reverse direction):
/// <code>
/// h̃_t, c̃_t = cell(x_t, h_{t−1}, c_{t−1})
/// h_t = m⊙h̃_t + (1 − m)⊙h_{t−1}     c_t = m⊙c̃_t + (1 − m)⊙c_{t−1}     y_t = m⊙h̃_t
/// </code>
/// so a sequence's state is carried unchanged through its padding and h_n is its state at its last valid step.
/// Backward, with ∂h_t and ∂c_t arriving from the step after t (from ∂h_n, ∂c_n at the last step):
/// <code>
/// g_t = m⊙∂y_t + ∂h_t                       (the total gradient reaching h_t, recorded as ‖g_t‖₂)
/// ∂x_t, ∂h_{t−1}′, ∂c_{t−1}′ = cell.Backward(m⊙g_t, m⊙∂c_t)
/// ∂h_{t−1} = ∂h_{t−1}′ + (1 − m)⊙g_t         ∂c_{t−1} = ∂c_{t−1}′ + (1 − m)⊙∂c_t
/// </code>
/// </summary>
internal sealed class DirectionPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _layer;
    private readonly int _direction;
    private readonly int _column;
    private CellStep<T>[] _steps = [];
    private Tensor<T>? _input;
    private Tensor<T>? _inputGates;
    private Tensor<T>? _inputGatesGrad;
    private Tensor<T>? _hiddenGatesGrad;
    private Tensor<T>? _previousHiddens;
    private Tensor<T>? _hiddenWeightT;

    /// <summary>Pass of <paramref name="cell"/>; direction 1 runs in reverse and writes output columns [H, 2H).</summary>
    public DirectionPass(RecurrentCell<T> cell, int layer, int direction)
    {
        Cell = cell;
        _layer = layer;
        _direction = direction;
        _column = direction * cell.HiddenSize;
    }

    /// <summary>The cell this pass runs at every step.</summary>
    public RecurrentCell<T> Cell { get; }

    /// <summary>The steps of the latest Forward, indexed by time t (also for the reverse direction).</summary>
    public IReadOnlyList<CellStep<T>> Steps => Array.AsReadOnly(_steps);

    private bool Reverse => _direction == 1;

    /// <summary>
    /// Runs over <paramref name="input"/> [T, B, I] from (h0, c0); writes m⊙h̃_t into this direction's columns of
    /// <paramref name="output"/> [T, B, D·H] (which must be zero) and the final state into
    /// <paramref name="finalHidden"/> and <paramref name="finalCell"/>.
    /// </summary>
    public void Forward(Tensor<T> input, SequenceMask mask, Tensor<T> h0, Tensor<T>? c0,
        Tensor<T> output, Tensor<T> finalHidden, Tensor<T>? finalCell)
    {
        int steps = mask.Steps;
        if (_steps.Length != steps)
        {
            _steps = new CellStep<T>[steps];
        }

        // x·W_ihᵀ + b_ih does not depend on the state, so all steps share one large product.
        _input = input;
        var inputGates = Workspace(ref _inputGates, steps, mask.Batch, Cell.GateCount * Cell.HiddenSize);
        Cell.ProjectInputs(input, inputGates);
        var hiddenWeightT = _hiddenWeightT ??= new Tensor<T>(Cell.HiddenSize, Cell.GateCount * Cell.HiddenSize);
        Cell.TransposeHiddenWeight(hiddenWeightT);
        var h = h0;
        var c = c0;
        for (int k = 0; k < steps; k++)
        {
            int t = Reverse ? steps - 1 - k : k;
            var step = Cell.ForwardFromInputGates(input[t], inputGates[t], h, c, hiddenWeightT);
            _steps[t] = step;
            WriteValidRows(step.Hidden, output[t], mask, t);
            if (mask.AllValid(t))
            {
                h = step.Hidden;
                c = step.Cell;
            }
            else
            {
                h = Carry(step.Hidden, h, mask, t);
                c = c is null ? null : Carry(step.Cell!, c, mask, t);
            }
        }

        finalHidden.CopyFrom(h);
        if (finalCell is not null)
        {
            finalCell.CopyFrom(c!);
        }
    }

    /// <summary>
    /// Backpropagates through the latest Forward: adds ∂L/∂x_t into <paramref name="inputGrad"/> [T, B, I],
    /// accumulates the cell's parameter gradients, records ‖g_t‖₂ and returns (∂L/∂h0, ∂L/∂c0).
    /// </summary>
    /// <param name="outputGrad">∂L/∂y of the whole layer [T, B, D·H], or null when the outputs carry no loss.</param>
    /// <param name="finalHiddenGrad">∂L/∂h_n of this direction [B, H].</param>
    /// <param name="finalCellGrad">∂L/∂c_n [B, H] for an LSTM (null: zero).</param>
    /// <param name="mask">The mask of the latest Forward.</param>
    /// <param name="inputGrad">Accumulates ∂L/∂x.</param>
    /// <param name="norms">Receives ‖g_t‖₂.</param>
    public (Tensor<T> Hidden, Tensor<T>? Cell) Backward(Tensor<T>? outputGrad, Tensor<T> finalHiddenGrad,
        Tensor<T>? finalCellGrad, SequenceMask mask, Tensor<T> inputGrad, HiddenGradientNorms norms)
    {
        var dh = finalHiddenGrad.Clone();
        var dc = Cell.HasCellState ? finalCellGrad?.Clone() ?? new Tensor<T>(dh.Shape.ToArray()) : null;
        var input = _input ?? throw new InvalidOperationException("DirectionPass Backward: no Forward to go back through");

        // Only ∂L/∂h_{t−1} = dGh·W_hh is needed inside the loop; every weight gradient and ∂L/∂x is one large
        // product over all steps afterwards (padded rows of the gate gradients are zero, so they add nothing).
        int width = Cell.GateCount * Cell.HiddenSize;
        var inputGatesGrad = Workspace(ref _inputGatesGrad, mask.Steps, mask.Batch, width);
        var hiddenGatesGrad = Cell.SeparateGateGradients
            ? Workspace(ref _hiddenGatesGrad, mask.Steps, mask.Batch, width)
            : inputGatesGrad;
        var previousHiddens = Workspace(ref _previousHiddens, mask.Steps, mask.Batch, Cell.HiddenSize);
        for (int k = 0; k < mask.Steps; k++)
        {
            int t = Reverse ? k : mask.Steps - 1 - k;
            if (outputGrad is not null)
            {
                AddValidRows(outputGrad[t], dh, mask, t);
            }

            norms.Record(_layer, _direction, t, dh.AsSpan());
            bool full = mask.AllValid(t);
            var step = _steps[t];
            var stepHiddenGrad = full ? dh : MaskRows(dh, mask, t);
            var gatesGrad = inputGatesGrad[t];
            var recurrentGatesGrad = Cell.SeparateGateGradients ? hiddenGatesGrad[t] : gatesGrad;
            var previousCellGrad = Cell.GateGradients(step, stepHiddenGrad,
                full || dc is null ? dc : MaskRows(dc, mask, t), gatesGrad, recurrentGatesGrad);
            var previousHiddenGrad = Gemm.MatMul(recurrentGatesGrad, Cell.WeightHh.Value);
            Cell.AddDirectHiddenGrad(step, stepHiddenGrad, previousHiddenGrad);
            step.PreviousHidden.AsSpan().CopyTo(previousHiddens[t].AsSpan());
            if (!full)
            {
                AddPaddedRows(dh, previousHiddenGrad, mask, t);
                if (dc is not null)
                {
                    AddPaddedRows(dc, previousCellGrad!, mask, t);
                }
            }

            dh = previousHiddenGrad;
            dc = previousCellGrad;
        }

        Cell.BackwardHiddenWeights(previousHiddens, hiddenGatesGrad);
        Cell.BackwardInputs(input, inputGatesGrad, inputGrad);
        return (dh, dc);
    }

    /// <summary>
    /// A [steps, batch, width] buffer kept across calls (reallocated only when the shape changes): these are
    /// large-object-heap sized, and a fresh one per call costs more in GC than the products save. Every
    /// element is overwritten before it is read, so it is not cleared.
    /// </summary>
    private static Tensor<T> Workspace(ref Tensor<T>? buffer, int steps, int batch, int width)
    {
        if (buffer is null || buffer.Size(0) != steps || buffer.Size(1) != batch || buffer.Size(2) != width)
        {
            buffer = new Tensor<T>(steps, batch, width);
        }

        return buffer;
    }

    /// <summary>Row b of <paramref name="fresh"/> where m_t[b] = 1, else row b of <paramref name="previous"/>.</summary>
    private static Tensor<T> Carry(Tensor<T> fresh, Tensor<T> previous, SequenceMask mask, int t)
    {
        var result = fresh.Clone();
        int width = fresh.Size(1);
        for (int b = 0; b < mask.Batch; b++)
        {
            if (!mask.IsValid(t, b))
            {
                previous.AsSpan().Slice(b * width, width).CopyTo(result.AsSpan().Slice(b * width, width));
            }
        }

        return result;
    }

    /// <summary>A copy of <paramref name="grad"/> with the rows where m_t[b] = 0 zeroed.</summary>
    private static Tensor<T> MaskRows(Tensor<T> grad, SequenceMask mask, int t)
    {
        var result = grad.Clone();
        int width = grad.Size(1);
        for (int b = 0; b < mask.Batch; b++)
        {
            if (!mask.IsValid(t, b))
            {
                result.AsSpan().Slice(b * width, width).Clear();
            }
        }

        return result;
    }

    /// <summary>target[b] += source[b] for the rows where m_t[b] = 0 (the state carried through padding).</summary>
    private static void AddPaddedRows(Tensor<T> source, Tensor<T> target, SequenceMask mask, int t)
    {
        int width = source.Size(1);
        for (int b = 0; b < mask.Batch; b++)
        {
            if (!mask.IsValid(t, b))
            {
                var row = target.AsSpan().Slice(b * width, width);
                TensorPrimitives.Add(row, source.AsSpan().Slice(b * width, width), row);
            }
        }
    }

    /// <summary>Copies hidden [B, H] into this direction's columns of output [B, D·H] where m_t[b] = 1.</summary>
    private void WriteValidRows(Tensor<T> hidden, Tensor<T> output, SequenceMask mask, int t)
    {
        int h = hidden.Size(1);
        int stride = output.Size(1);
        for (int b = 0; b < mask.Batch; b++)
        {
            if (mask.IsValid(t, b))
            {
                hidden.AsSpan().Slice(b * h, h).CopyTo(output.AsSpan().Slice(b * stride + _column, h));
            }
        }
    }

    /// <summary>hidden[b] += this direction's columns of outputGrad [B, D·H] where m_t[b] = 1.</summary>
    private void AddValidRows(Tensor<T> outputGrad, Tensor<T> hidden, SequenceMask mask, int t)
    {
        int h = hidden.Size(1);
        int stride = outputGrad.Size(1);
        for (int b = 0; b < mask.Batch; b++)
        {
            if (mask.IsValid(t, b))
            {
                var row = hidden.AsSpan().Slice(b * h, h);
                TensorPrimitives.Add(row, outputGrad.AsSpan().Slice(b * stride + _column, h), row);
            }
        }
    }
}
