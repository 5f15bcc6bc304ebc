using System.Collections.ObjectModel;
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
/// Rows with m = 0 are masked by clearing their gate gradients, which makes their ∂h_{t−1}′ and ∂c_{t−1}′ zero,
/// so the carried gradient is copied into them. Every buffer is kept for the next call with the same (T, B):
/// the steps are views into them, and the time loop allocates nothing.
/// </summary>
internal sealed unsafe class DirectionPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _layer;
    private readonly int _direction;
    private readonly int _column;
    private readonly PackedMatrix<T> _hiddenWeight = new();
    private readonly PackedMatrix<T> _hiddenWeightForBackward = new();
    private CellStep<T>[] _steps = [];
    private ReadOnlyCollection<CellStep<T>> _stepList = ReadOnlyCollection<CellStep<T>>.Empty;
    private Tensor<T>? _input;
    private Tensor<T>? _gates;
    private Tensor<T>? _previousHiddens;
    private Tensor<T>? _previousCells;
    private T[] _scratch = [];
    private Tensor<T>? _inputGatesGrad;
    private Tensor<T>? _hiddenGatesGrad;
    private T[] _inputGateSums = [];
    private T[] _hiddenGateSums = [];
    private T[] _stateGrads = [];
    private double[] _rowSquares = [];
    private CellStep<T>[][] _partSteps = [];
    private readonly TimeLoop _timeLoop;

    /// <summary>Pass of <paramref name="cell"/>; direction 1 runs in reverse and writes output columns [H, 2H).</summary>
    public DirectionPass(RecurrentCell<T> cell, int layer, int direction)
    {
        Cell = cell;
        _layer = layer;
        _direction = direction;
        _column = direction * cell.HiddenSize;
        _timeLoop = new TimeLoop(this);
    }

    /// <summary>The cell this pass runs at every step.</summary>
    public RecurrentCell<T> Cell { get; }

    /// <summary>The steps of the latest Forward, indexed by time t (also for the reverse direction): views valid until the next Forward.</summary>
    public IReadOnlyList<CellStep<T>> Steps => _stepList;

    private bool Reverse => _direction == 1;

    /// <summary>
    /// Runs over <paramref name="input"/> [T, B, I] from (h0, c0); writes m⊙h̃_t into this direction's columns of
    /// <paramref name="output"/> [T, B, D·H] (every element of them) and the final state into
    /// <paramref name="finalHidden"/> and <paramref name="finalCell"/> [B, H].
    /// </summary>
    /// <param name="input">x, [T, B, I]; kept (not copied) for Backward.</param>
    /// <param name="mask">The padding mask.</param>
    /// <param name="h0">h0 [B, H], or empty for zeros.</param>
    /// <param name="c0">c0 [B, H] of an LSTM, or empty for zeros.</param>
    /// <param name="output">The layer's output [T, B, D·H].</param>
    /// <param name="finalHidden">Receives h_n.</param>
    /// <param name="finalCell">Receives c_n of an LSTM (empty for the others).</param>
    public void Forward(Tensor<T> input, SequenceMask mask, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> output, Span<T> finalHidden, Span<T> finalCell)
    {
        int steps = mask.Steps;
        int batch = mask.Batch;
        int state = batch * Cell.HiddenSize;
        EnsureForwardWorkspaces(steps, batch);
        _input = input;
        foreach (var step in _steps)
        {
            step.BindInput(input);
        }

        // x·W_ihᵀ + b_ih does not depend on the state, so all steps share one large product.
        Cell.ProjectInputs(input.AsSpan(), steps * batch, _gates!.AsSpan());
        Cell.PackHiddenWeight(_hiddenWeight, forBackward: false);
        Span<T> hiddens = _previousHiddens!.AsSpan();
        Span<T> cells = _previousCells is null ? default : _previousCells.AsSpan();
        int first = Reverse ? steps - 1 : 0;
        CopyOrClear(h0, hiddens.Slice(first * state, state));
        if (Cell.HasCellState)
        {
            CopyOrClear(c0, cells.Slice(first * state, state));
        }

        fixed (T* pOutput = output, pHidden = finalHidden, pCell = finalCell)
        {
            _timeLoop.Run(mask, backward: false, new(pOutput, output.Length), new(pHidden, finalHidden.Length),
                new(pCell, finalCell.Length), default, default);
        }
    }

    /// <summary>
    /// The forward time loop over batch rows [first, first + rows): a row's state only ever meets its own row of
    /// the other tensors (h·W_hhᵀ multiplies rows independently), so parts of the batch run on different threads
    /// with no synchronisation inside the loop, and every value is the same as on one thread.
    /// </summary>
    private void ForwardRows(SequenceMask mask, CellStep<T>[] steps, int first, int rows, Span<T> output, Span<T> finalHidden,
        Span<T> finalCell)
    {
        int count = mask.Steps;
        int size = Cell.HiddenSize;
        int state = mask.Batch * size;
        Span<T> hiddens = _previousHiddens!.AsSpan();
        Span<T> cells = _previousCells is null ? default : _previousCells.AsSpan();
        Span<T> scratch = _scratch.AsSpan(first * Cell.ForwardScratchWidth, rows * Cell.ForwardScratchWidth);
        int outputStep = output.Length / count;
        for (int k = 0; k < count; k++)
        {
            int t = Reverse ? count - 1 - k : k;
            int next = Reverse ? t - 1 : t + 1;
            bool last = k == count - 1;
            var step = steps[t];
            Cell.ForwardStep(step, scratch, _hiddenWeight);
            WriteOutput(step.Hidden.AsSpan(), output.Slice(t * outputStep, outputStep), mask, t, first, rows);
            Span<T> nextHidden = last ? finalHidden.Slice(first * size, rows * size) : hiddens.Slice(next * state + first * size, rows * size);
            mask.Carry(step.Hidden.AsSpan(), step.PreviousHidden.AsSpan(), nextHidden, t, first, rows);
            if (Cell.HasCellState)
            {
                Span<T> nextCell = last ? finalCell.Slice(first * size, rows * size) : cells.Slice(next * state + first * size, rows * size);
                mask.Carry(step.Cell!.AsSpan(), step.PreviousCell!.AsSpan(), nextCell, t, first, rows);
            }
        }
    }

    /// <summary>
    /// Backpropagates through the latest Forward: writes or adds ∂L/∂x_t into <paramref name="inputGrad"/> [T, B, I],
    /// accumulates the cell's parameter gradients, records ‖g_t‖₂ and writes ∂L/∂h0 and ∂L/∂c0.
    /// </summary>
    /// <param name="outputGrad">∂L/∂y of the whole layer [T, B, D·H], or empty when the outputs carry no loss.</param>
    /// <param name="finalHiddenGrad">∂L/∂h_n of this direction [B, H].</param>
    /// <param name="finalCellGrad">∂L/∂c_n [B, H] for an LSTM (empty: zero).</param>
    /// <param name="mask">The mask of the latest Forward.</param>
    /// <param name="inputGrad">Receives ∂L/∂x.</param>
    /// <param name="accumulateInputGrad">Add to <paramref name="inputGrad"/> (the second direction) instead of overwriting it.</param>
    /// <param name="norms">Receives ‖g_t‖₂.</param>
    /// <param name="h0Grad">Receives ∂L/∂h0 [B, H].</param>
    /// <param name="c0Grad">Receives ∂L/∂c0 [B, H] of an LSTM (empty for the others).</param>
    public void Backward(ReadOnlySpan<T> outputGrad, ReadOnlySpan<T> finalHiddenGrad, ReadOnlySpan<T> finalCellGrad,
        SequenceMask mask, Span<T> inputGrad, bool accumulateInputGrad, HiddenGradientNorms norms, Span<T> h0Grad, Span<T> c0Grad)
    {
        var input = _input ?? throw new InvalidOperationException("DirectionPass Backward: no Forward to go back through");
        int steps = mask.Steps;
        int batch = mask.Batch;
        EnsureBackwardWorkspaces(steps, batch);

        // Only ∂L/∂h_{t−1} = dGh·W_hh is needed inside the loop; every weight gradient and ∂L/∂x is one large
        // product over all steps afterwards (padded rows of the gate gradients are zero, so they add nothing).
        // The bias gradients are column sums of the same gate gradients: each row's sum over time is taken in the
        // loop while its step is still in cache, then the rows are added in row order, so no pass over the
        // [T, B, G·H] buffer is needed and the sums are the same however the rows are shared out between threads.
        Cell.PackHiddenWeight(_hiddenWeightForBackward, forBackward: true);
        fixed (T* pOutputGrad = outputGrad, pHidden = finalHiddenGrad, pCell = finalCellGrad, pH0 = h0Grad, pC0 = c0Grad)
        {
            _timeLoop.Run(mask, backward: true, new(pOutputGrad, outputGrad.Length), new(pHidden, finalHiddenGrad.Length),
                new(pCell, finalCellGrad.Length), new(pH0, h0Grad.Length), new(pC0, c0Grad.Length));
        }

        // ‖g_t‖₂ from the rows' sums of squares, added in row order: the same value however the rows were shared out.
        for (int t = 0; t < steps; t++)
        {
            double sum = 0;
            foreach (double square in _rowSquares.AsSpan(t * batch, batch))
            {
                sum += square;
            }

            norms.Set(_layer, _direction, t, Math.Sqrt(sum));
        }

        Cell.AccumulateBiasGrads(_inputGateSums, _hiddenGateSums, batch);
        Cell.BackwardWeights(input.AsSpan(), _previousHiddens!.AsSpan(), steps * batch, _inputGatesGrad!.AsSpan(), _hiddenGatesGrad!.AsSpan());
        Cell.InputGrad(_inputGatesGrad.AsSpan(), steps * batch, inputGrad, accumulateInputGrad);
    }

    /// <summary>The backward time loop over batch rows [first, first + rows) (independent rows, as in <see cref="ForwardRows"/>).</summary>
    private void BackwardRows(SequenceMask mask, CellStep<T>[] steps, int first, int rows, ReadOnlySpan<T> outputGrad,
        ReadOnlySpan<T> finalHiddenGrad, ReadOnlySpan<T> finalCellGrad, Span<T> h0Grad, Span<T> c0Grad)
    {
        int count = mask.Steps;
        int batch = mask.Batch;
        int size = Cell.HiddenSize;
        int state = batch * size;
        int offset = first * size;
        int part = rows * size;
        Span<T> dh = _stateGrads.AsSpan(offset, part);
        Span<T> dhNext = _stateGrads.AsSpan(state + offset, part);
        Span<T> dc = Cell.HasCellState ? _stateGrads.AsSpan(2 * state + offset, part) : default;
        Span<T> dcNext = Cell.HasCellState ? _stateGrads.AsSpan(3 * state + offset, part) : default;
        finalHiddenGrad.Slice(offset, part).CopyTo(dh);
        if (Cell.HasCellState)
        {
            CopyOrClear(finalCellGrad.IsEmpty ? default : finalCellGrad.Slice(offset, part), dc);
        }

        int width = Cell.GateCount * size;
        Span<T> inputGatesGrad = _inputGatesGrad!.AsSpan();
        Span<T> hiddenGatesGrad = _hiddenGatesGrad!.AsSpan();
        Span<T> inputGateSums = _inputGateSums.AsSpan(first * width, rows * width);
        Span<T> hiddenGateSums = _hiddenGateSums.AsSpan(first * width, rows * width);
        inputGateSums.Clear();
        if (Cell.SeparateGateGradients)
        {
            hiddenGateSums.Clear();
        }

        int outputStep = outputGrad.Length / count;
        for (int k = 0; k < count; k++)
        {
            int t = Reverse ? k : count - 1 - k;
            if (!outputGrad.IsEmpty)
            {
                AddValidRows(outputGrad.Slice(t * outputStep, outputStep), dh, mask, t, first, rows);
            }

            for (int r = 0; r < rows; r++)
            {
                _rowSquares[t * batch + first + r] = double.CreateChecked(TensorPrimitives.SumOfSquares<T>(dh.Slice(r * size, size)));
            }

            var step = steps[t];
            Span<T> gatesGrad = inputGatesGrad.Slice((t * batch + first) * width, rows * width);
            Span<T> recurrentGatesGrad = hiddenGatesGrad.Slice((t * batch + first) * width, rows * width);
            Cell.GateGradients(step, dh, dc, gatesGrad, recurrentGatesGrad, dcNext);
            bool full = mask.AllValid(t);
            if (!full)
            {
                mask.ClearPaddedRows(gatesGrad, t, first, rows);
                if (Cell.SeparateGateGradients)
                {
                    mask.ClearPaddedRows(recurrentGatesGrad, t, first, rows);
                }
            }

            TensorPrimitives.Add(inputGateSums, gatesGrad, inputGateSums);
            if (Cell.SeparateGateGradients)
            {
                TensorPrimitives.Add(hiddenGateSums, recurrentGatesGrad, hiddenGateSums);
            }

            Cell.PreviousHiddenGrad(recurrentGatesGrad, rows, dhNext, _hiddenWeightForBackward);
            Cell.AddDirectHiddenGrad(step, dh, dhNext);
            if (!full)
            {
                mask.CopyPaddedRows(dh, dhNext, t, first, rows);
                if (Cell.HasCellState)
                {
                    mask.CopyPaddedRows(dc, dcNext, t, first, rows);
                }
            }

            var swap = dh;
            dh = dhNext;
            dhNext = swap;
            swap = dc;
            dc = dcNext;
            dcNext = swap;
        }

        dh.CopyTo(h0Grad.Slice(offset, part));
        if (Cell.HasCellState)
        {
            dc.CopyTo(c0Grad.Slice(offset, part));
        }
    }

    /// <summary>
    /// The [T, B, ·] buffers of Forward and the steps viewing them, kept across calls and reallocated only when
    /// (T, B) changes: they are large-object-heap sized, and fresh ones per call cost more in GC than the products
    /// save. Every element is written before it is read, so nothing is cleared.
    /// </summary>
    private void EnsureForwardWorkspaces(int steps, int batch)
    {
        if (_gates is not null && _gates.Size(0) == steps && _gates.Size(1) == batch)
        {
            return;
        }

        int size = Cell.HiddenSize;
        (_previousHiddens, var hiddens) = StateSlots(steps, batch);
        (_previousCells, var cells) = Cell.HasCellState ? StateSlots(steps, batch) : (null, null);
        _gates = Cell.ComputesHiddenInGates ? hiddens : new Tensor<T>(steps, batch, Cell.GateCount * size);
        _scratch = new T[batch * Cell.ForwardScratchWidth];
        _steps = Cell.CreateSequenceSteps(_gates, _previousHiddens, hiddens, _previousCells, cells);
        _partSteps = [];
        _stepList = Array.AsReadOnly(_steps);
    }

    /// <summary>
    /// One state (h or c) for every step as T + 1 slots of [B, H]: the initial state and each step's new one. Seen as
    /// the [T, B, H] states the steps read (h_{t−1}: slots 0 .. T−1 forward, 1 .. T in reverse) and the [T, B, H] states
    /// they write (h_t: slots 1 .. T forward, 0 .. T−1 in reverse), step t writes the very slot the next step reads, so
    /// nothing is copied from one step to the next; and the states read stay one contiguous [T·B, H] matrix for the
    /// weight gradient dGᵀ·H_prev.
    /// </summary>
    private (Tensor<T> Read, Tensor<T> Written) StateSlots(int steps, int batch)
    {
        var slots = new Tensor<T>(steps + 1, batch, Cell.HiddenSize);
        return Reverse ? (slots.Rows(1, steps), slots.Rows(0, steps)) : (slots.Rows(0, steps), slots.Rows(1, steps));
    }

    /// <summary>
    /// The gate gradients [T, B, G·H], their per-row sums over time [B, G·H] and the ping-pong ∂h, ∂c [B, H] (one array)
    /// of Backward, kept like those of Forward.
    /// </summary>
    private void EnsureBackwardWorkspaces(int steps, int batch)
    {
        if (_inputGatesGrad is not null && _inputGatesGrad.Size(0) == steps && _inputGatesGrad.Size(1) == batch)
        {
            return;
        }

        int width = Cell.GateCount * Cell.HiddenSize;
        _inputGatesGrad = new Tensor<T>(steps, batch, width);
        _hiddenGatesGrad = Cell.SeparateGateGradients ? new Tensor<T>(steps, batch, width) : _inputGatesGrad;
        _stateGrads = new T[(Cell.HasCellState ? 4 : 2) * batch * Cell.HiddenSize];
        _inputGateSums = new T[batch * width];
        _hiddenGateSums = Cell.SeparateGateGradients ? new T[batch * width] : _inputGateSums;
        _rowSquares = new double[steps * batch];
    }

    private static void CopyOrClear(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (source.IsEmpty)
        {
            destination.Clear();
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>
    /// This direction's columns of output [B, D·H] for batch rows [first, first + rows): row b of hidden (those rows,
    /// [rows, H]) where m_t[b] = 1, zero where m_t[b] = 0.
    /// </summary>
    private void WriteOutput(ReadOnlySpan<T> hidden, Span<T> output, SequenceMask mask, int t, int first, int rows)
    {
        int h = Cell.HiddenSize;
        int stride = output.Length / mask.Batch;
        if (stride == h && mask.AllValid(t))
        {
            hidden.CopyTo(output.Slice(first * h, rows * h));
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            Span<T> target = output.Slice((first + r) * stride + _column, h);
            if (mask.IsValid(t, first + r))
            {
                hidden.Slice(r * h, h).CopyTo(target);
            }
            else
            {
                target.Clear();
            }
        }
    }

    /// <summary>hidden[b] += this direction's columns of outputGrad [B, D·H] where m_t[b] = 1, for rows [first, first + rows).</summary>
    private void AddValidRows(ReadOnlySpan<T> outputGrad, Span<T> hidden, SequenceMask mask, int t, int first, int rows)
    {
        int h = Cell.HiddenSize;
        int stride = outputGrad.Length / mask.Batch;
        if (stride == h && mask.AllValid(t))
        {
            TensorPrimitives.Add(hidden, outputGrad.Slice(first * h, rows * h), hidden);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            if (mask.IsValid(t, first + r))
            {
                Span<T> row = hidden.Slice(r * h, h);
                TensorPrimitives.Add(row, outputGrad.Slice((first + r) * stride + _column, h), row);
            }
        }
    }

    /// <summary>The steps of batch part <paramref name="part"/> of <paramref name="parts"/>: row views made once per shape.</summary>
    private CellStep<T>[] PartSteps(int part, int parts)
    {
        if (parts == 1)
        {
            return _steps;
        }

        if (_partSteps.Length != parts)
        {
            int batch = _steps[0].Hidden.Size(0);
            var all = new CellStep<T>[parts][];
            for (int p = 0; p < parts; p++)
            {
                int first = batch * p / parts;
                int rows = batch * (p + 1) / parts - first;
                all[p] = Array.ConvertAll(_steps, step => step.Rows(first, rows));
            }

            _partSteps = all;
        }

        return _partSteps[part];
    }

    /// <summary>A span of a pinned buffer, as a pointer and a length that a worker thread can carry.</summary>
    private readonly struct Pinned(T* pointer, int length)
    {
        public Span<T> Span => new(pointer, length);
    }

    /// <summary>
    /// One time loop (forward or backward) split by batch rows across <see cref="KernelThreads.Count"/> threads, each
    /// part at least 2 rows. The products inside a part run on its own thread (the helpers are busy with the parts).
    /// </summary>
    private sealed class TimeLoop(DirectionPass<T> pass) : IPartitionedWork
    {
        private SequenceMask? _mask;
        private bool _backward;
        private Pinned _sequence;
        private Pinned _hidden;
        private Pinned _cell;
        private Pinned _h0Grad;
        private Pinned _c0Grad;

        /// <summary>
        /// Runs the loop: forward with the output, h_n and c_n; backward with ∂L/∂y, ∂L/∂h_n, ∂L/∂c_n, ∂L/∂h0, ∂L/∂c0.
        /// The spans behind the pointers are pinned by the caller for the duration.
        /// </summary>
        public void Run(SequenceMask mask, bool backward, Pinned sequence, Pinned hidden, Pinned cell, Pinned h0Grad, Pinned c0Grad)
        {
            int parts = Math.Max(1, Math.Min(KernelThreads.Count, mask.Batch / 2));
            for (int part = 0; part < parts; part++)
            {
                pass.PartSteps(part, parts);
            }

            (_mask, _backward, _sequence, _hidden, _cell, _h0Grad, _c0Grad) = (mask, backward, sequence, hidden, cell, h0Grad, c0Grad);
            try
            {
                if (parts > 1 && ForkJoin.TryAcquire())
                {
                    try
                    {
                        ForkJoin.Run(this, parts);
                    }
                    finally
                    {
                        ForkJoin.Release();
                    }
                }
                else
                {
                    Run(0, 1);
                }
            }
            finally
            {
                _mask = null;
            }
        }

        /// <inheritdoc />
        public void Run(int part, int parts)
        {
            var mask = _mask!;
            int first = mask.Batch * part / parts;
            int rows = mask.Batch * (part + 1) / parts - first;
            var steps = pass.PartSteps(part, parts);
            if (_backward)
            {
                pass.BackwardRows(mask, steps, first, rows, _sequence.Span, _hidden.Span, _cell.Span, _h0Grad.Span, _c0Grad.Span);
            }
            else
            {
                pass.ForwardRows(mask, steps, first, rows, _sequence.Span, _hidden.Span, _cell.Span);
            }
        }
    }
}
