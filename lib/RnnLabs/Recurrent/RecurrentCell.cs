using System.Numerics;
using RnnLabs.Kernels;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What RNN, LSTM and GRU cells share: G gate blocks of H rows each in
/// W_ih [G·H, I], W_hh [G·H, H], b_ih [G·H], b_hh [G·H] (PyTorch's layout and names), the two affine maps
/// x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh, and their backward pass.
/// </summary>
public abstract class RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the four parameters with PyTorch's default init U(−1/√H, 1/√H).</summary>
    /// <param name="inputSize">I, features per time step.</param>
    /// <param name="hiddenSize">H, size of the hidden state.</param>
    /// <param name="gateCount">G: 1 (RNN), 3 (GRU), 4 (LSTM).</param>
    /// <param name="rng">Source of the initial weights.</param>
    /// <param name="nameSuffix">Appended to every parameter name, e.g. <c>_l1_reverse</c>.</param>
    protected RecurrentCell(int inputSize, int hiddenSize, int gateCount, Rng rng, string nameSuffix)
    {
        Guard.Positive(inputSize, GetType().Name, nameof(inputSize));
        Guard.Positive(hiddenSize, GetType().Name, nameof(hiddenSize));
        ArgumentNullException.ThrowIfNull(rng);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        GateCount = gateCount;
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        int rows = gateCount * hiddenSize;
        WeightIh = new Parameter<T>("weight_ih" + nameSuffix, rng.Uniform<T>(-bound, bound, rows, inputSize));
        WeightHh = new Parameter<T>("weight_hh" + nameSuffix, rng.Uniform<T>(-bound, bound, rows, hiddenSize));
        BiasIh = new Parameter<T>("bias_ih" + nameSuffix, rng.Uniform<T>(-bound, bound, rows));
        BiasHh = new Parameter<T>("bias_hh" + nameSuffix, rng.Uniform<T>(-bound, bound, rows));
        Parameters = [WeightIh, WeightHh, BiasIh, BiasHh];
    }

    /// <summary>I, features per time step.</summary>
    public int InputSize { get; }

    /// <summary>H, size of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>G, number of gate blocks stacked in the weights.</summary>
    public int GateCount { get; }

    /// <summary>True for cells that carry a cell state c (LSTM).</summary>
    public abstract bool HasCellState { get; }

    /// <summary>W_ih, [G·H, I].</summary>
    public Parameter<T> WeightIh { get; }

    /// <summary>W_hh, [G·H, H].</summary>
    public Parameter<T> WeightHh { get; }

    /// <summary>b_ih, [G·H].</summary>
    public Parameter<T> BiasIh { get; }

    /// <summary>b_hh, [G·H].</summary>
    public Parameter<T> BiasHh { get; }

    /// <summary>W_ih, W_hh, b_ih, b_hh in PyTorch's order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>One time step: x_t [B, I], h_{t−1} [B, H] (and c_{t−1} for an LSTM) to the new state.</summary>
    public abstract CellStep<T> Forward(Tensor<T> input, Tensor<T> hidden, Tensor<T>? cell = null);

    /// <summary>
    /// Backward through <paramref name="step"/> given ∂L/∂h_t (and ∂L/∂c_t for an LSTM): adds ∂L/∂θ into the
    /// parameters' gradients and returns the gradients for x_t and the previous state.
    /// </summary>
    public abstract CellGradients<T> Backward(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad = null);

    /// <summary>
    /// The steps of a sequence of T steps over B rows, step t holding views of step t of the given [T, B, ·]
    /// workspaces and of buffers of its own for the rest of what the cell computes.
    /// </summary>
    /// <param name="gates">[T, B, G·H], where the sequence puts x·W_ihᵀ + b_ih before each <see cref="ForwardStep"/>.</param>
    /// <param name="previousHiddens">[T, B, H], where the sequence puts h_{t−1}.</param>
    /// <param name="hiddens">
    /// [T, B, H], where step t writes h_t: the sequence passes views of the slots its next steps read as h_{t−1}, so the
    /// state needs no copy from one step to the next. Unused when <see cref="ComputesHiddenInGates"/> (then it is
    /// <paramref name="gates"/> itself).
    /// </param>
    /// <param name="previousCells">[T, B, H] for c_{t−1} of an LSTM, else null.</param>
    /// <param name="cells">[T, B, H] where step t of an LSTM writes c_t (as <paramref name="hiddens"/>), else null.</param>
    internal abstract CellStep<T>[] CreateSequenceSteps(Tensor<T> gates, Tensor<T> previousHiddens, Tensor<T> hiddens,
        Tensor<T>? previousCells, Tensor<T>? cells);

    /// <summary>True when h_t is computed in place in the step's gate row (G = 1: the RNN), so the gates are the hiddens.</summary>
    internal virtual bool ComputesHiddenInGates => false;

    /// <summary>Scratch elements per batch row that <see cref="ForwardStep"/> needs (RNN, GRU: room for h·W_hhᵀ + b_hh).</summary>
    internal virtual int ForwardScratchWidth => GateCount * HiddenSize;

    /// <summary>
    /// The step itself, in place: on entry the step's gate tensor holds x·W_ihᵀ + b_ih and its previous state
    /// is set; on return every other tensor of the step holds its value. The single-step Forward and the
    /// sequence layers both run this, so the equations are written once.
    /// </summary>
    /// <param name="step">A step from this cell (its own buffers or views of a sequence's workspaces).</param>
    /// <param name="scratch">At least B · <see cref="ForwardScratchWidth"/> elements.</param>
    /// <param name="hiddenWeight">W_hhᵀ packed by <see cref="PackHiddenWeight"/>, or null to use W_hh as stored.</param>
    internal abstract void ForwardStep(CellStep<T> step, Span<T> scratch, PackedMatrix<T>? hiddenWeight);

    /// <summary>
    /// Writes every element of ∂L/∂(x·W_ihᵀ + b_ih) into <paramref name="inputGatesGrad"/> and of
    /// ∂L/∂(h·W_hhᵀ + b_hh) into <paramref name="hiddenGatesGrad"/> (the same span unless
    /// <see cref="SeparateGateGradients"/>), both [B, G·H], and for an LSTM ∂L/∂c_{t−1} into
    /// <paramref name="previousCellGrad"/> [B, H].
    /// </summary>
    /// <param name="step">The step of the Forward to go back through.</param>
    /// <param name="hiddenGrad">∂L/∂h_t, [B, H].</param>
    /// <param name="cellGrad">∂L/∂c_t of an LSTM, [B, H] (empty: zero).</param>
    /// <param name="inputGatesGrad">Receives ∂L/∂(x·W_ihᵀ + b_ih).</param>
    /// <param name="hiddenGatesGrad">Receives ∂L/∂(h·W_hhᵀ + b_hh).</param>
    /// <param name="previousCellGrad">Receives ∂L/∂c_{t−1} (LSTM; empty for the others).</param>
    internal abstract void GateGradients(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, ReadOnlySpan<T> cellGrad,
        Span<T> inputGatesGrad, Span<T> hiddenGatesGrad, Span<T> previousCellGrad);

    /// <summary>True when the input-side and hidden-side gate gradients differ (GRU), so need two buffers.</summary>
    internal virtual bool SeparateGateGradients => false;

    /// <summary>Adds the part of ∂L/∂h_{t−1} that bypasses W_hh (GRU: dh ⊙ z); none by default.</summary>
    internal virtual void AddDirectHiddenGrad(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, Span<T> previousHiddenGrad)
    {
    }

    /// <summary>
    /// Packs op(W_hh) for the products of a whole pass: W_hhᵀ [H, G·H] for the forward step h·W_hhᵀ
    /// (<paramref name="forBackward"/> false) or W_hh [G·H, H] for the backward step dGh·W_hh. Every time step then
    /// reads the weights in the micro-kernel's order without packing them again.
    /// </summary>
    internal void PackHiddenWeight(PackedMatrix<T> packed, bool forBackward)
    {
        int width = GateCount * HiddenSize;
        ReadOnlySpan<T> w = WeightHh.Value.AsSpan();
        if (forBackward)
        {
            packed.Pack(w, HiddenSize, width, HiddenSize, transpose: false);
        }
        else
        {
            packed.Pack(w, HiddenSize, HiddenSize, width, transpose: true);
        }
    }

    /// <summary>x·W_ihᵀ + b_ih for <paramref name="rows"/> rows of x [rows, I] at once into <paramref name="gates"/> [rows, G·H].</summary>
    internal void ProjectInputs(ReadOnlySpan<T> inputs, int rows, Span<T> gates)
    {
        int width = GateCount * HiddenSize;
        Gemm.Multiply(false, true, rows, width, InputSize, T.One, inputs, InputSize, WeightIh.Value.AsSpan(), InputSize,
            T.Zero, gates, width, rowBias: BiasIh.Value.AsSpan());
    }

    /// <summary>
    /// gates ← β·gates + h·W_hhᵀ + b_hh for h [B, H] into [B, G·H] (β = 1 adds to x·W_ihᵀ + b_ih in place),
    /// from W_hhᵀ packed by <see cref="PackHiddenWeight"/> when given.
    /// </summary>
    internal void HiddenProduct(ReadOnlySpan<T> hidden, int batch, Span<T> gates, T beta, PackedMatrix<T>? hiddenWeight)
    {
        int width = GateCount * HiddenSize;
        if (hiddenWeight is null)
        {
            Gemm.Multiply(false, true, batch, width, HiddenSize, T.One, hidden, HiddenSize, WeightHh.Value.AsSpan(), HiddenSize,
                beta, gates, width, rowBias: BiasHh.Value.AsSpan());
        }
        else
        {
            Gemm.Multiply(batch, hidden, HiddenSize, hiddenWeight, beta, gates, width, BiasHh.Value.AsSpan());
        }
    }

    /// <summary>
    /// ∂L/∂h_{t−1} through W_hh: <paramref name="previousHiddenGrad"/> [B, H] ← dGh·W_hh (overwritten), from W_hh packed
    /// by <see cref="PackHiddenWeight"/> when given.
    /// </summary>
    internal void PreviousHiddenGrad(ReadOnlySpan<T> hiddenGatesGrad, int batch, Span<T> previousHiddenGrad, PackedMatrix<T>? hiddenWeight)
    {
        int width = GateCount * HiddenSize;
        if (hiddenWeight is null)
        {
            Gemm.Multiply(false, false, batch, HiddenSize, width, T.One, hiddenGatesGrad, width, WeightHh.Value.AsSpan(), HiddenSize,
                T.Zero, previousHiddenGrad, HiddenSize);
        }
        else
        {
            Gemm.Multiply(batch, hiddenGatesGrad, width, hiddenWeight, T.Zero, previousHiddenGrad, HiddenSize);
        }
    }

    /// <summary>
    /// The weight gradients over <paramref name="rows"/> rows at once: ∂W_ih += dGxᵀ·X and ∂W_hh += dGhᵀ·H_prev, as one
    /// pass over the gate gradients when both sides share them (<see cref="SeparateGateGradients"/> false).
    /// </summary>
    internal void BackwardWeights(ReadOnlySpan<T> inputs, ReadOnlySpan<T> previousHiddens, int rows, ReadOnlySpan<T> inputGatesGrad,
        ReadOnlySpan<T> hiddenGatesGrad)
    {
        int width = GateCount * HiddenSize;
        if (!SeparateGateGradients)
        {
            Gemm.MultiplyTransposedPair(width, rows, inputGatesGrad, width, inputs, InputSize, WeightIh.Grad.AsSpan(),
                previousHiddens, HiddenSize, WeightHh.Grad.AsSpan());
            return;
        }

        Gemm.Multiply(true, false, width, InputSize, rows, T.One, inputGatesGrad, width, inputs, InputSize,
            T.One, WeightIh.Grad.AsSpan(), InputSize);
        Gemm.Multiply(true, false, width, HiddenSize, rows, T.One, hiddenGatesGrad, width, previousHiddens, HiddenSize,
            T.One, WeightHh.Grad.AsSpan(), HiddenSize);
    }

    /// <summary>
    /// ∂L/∂X = dGx·W_ih over <paramref name="rows"/> rows at once, added to <paramref name="inputGrad"/> when
    /// <paramref name="accumulate"/>, else written over it.
    /// </summary>
    internal void InputGrad(ReadOnlySpan<T> inputGatesGrad, int rows, Span<T> inputGrad, bool accumulate)
    {
        int width = GateCount * HiddenSize;
        Gemm.Multiply(false, false, rows, InputSize, width, T.One, inputGatesGrad, width, WeightIh.Value.AsSpan(), InputSize,
            accumulate ? T.One : T.Zero, inputGrad, InputSize);
    }

    /// <summary>
    /// ∂b_ih += Σ_rows <paramref name="inputGatesGrad"/> and ∂b_hh += Σ_rows <paramref name="hiddenGatesGrad"/>, both
    /// [rows, G·H]: the gate gradients of one step, or a sequence's per-row sums of them over time.
    /// </summary>
    internal void AccumulateBiasGrads(ReadOnlySpan<T> inputGatesGrad, ReadOnlySpan<T> hiddenGatesGrad, int rows)
    {
        int width = GateCount * HiddenSize;
        RowOps.AccumulateColumnSums(inputGatesGrad[..(rows * width)], width, BiasIh.Grad.AsSpan());
        RowOps.AccumulateColumnSums(hiddenGatesGrad[..(rows * width)], width, BiasHh.Grad.AsSpan());
    }

    /// <summary>x·W_ihᵀ + b_ih as a new [B, G·H]: where a single step's gates start.</summary>
    protected Tensor<T> InputGates(Tensor<T> input)
    {
        var gates = new Tensor<T>(input.Size(0), GateCount * HiddenSize);
        ProjectInputs(input.AsSpan(), input.Size(0), gates.AsSpan());
        return gates;
    }

    /// <summary>Runs <see cref="ForwardStep"/> on a step whose tensors were just allocated for it.</summary>
    protected CellStep<T> ForwardNewStep(CellStep<T> step)
    {
        ForwardStep(step, new T[step.Hidden.Size(0) * ForwardScratchWidth], null);
        return step;
    }

    /// <summary>The step-level backward shared by all cells: gate gradients, then both affine maps.</summary>
    protected CellGradients<T> BackwardStep(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad)
    {
        int batch = step.Hidden.Size(0);
        int width = GateCount * HiddenSize;
        var inputGatesGrad = new T[batch * width];
        var hiddenGatesGrad = SeparateGateGradients ? new T[batch * width] : inputGatesGrad;
        var previousCellGrad = HasCellState ? new Tensor<T>(batch, HiddenSize) : null;
        GateGradients(step, hiddenGrad.AsSpan(), cellGrad is null ? default : cellGrad.AsSpan(), inputGatesGrad, hiddenGatesGrad,
            previousCellGrad is null ? default : previousCellGrad.AsSpan());
        var inputGrad = new Tensor<T>(batch, InputSize);
        BackwardWeights(step.Input.AsSpan(), step.PreviousHidden.AsSpan(), batch, inputGatesGrad, hiddenGatesGrad);
        InputGrad(inputGatesGrad, batch, inputGrad.AsSpan(), accumulate: false);
        AccumulateBiasGrads(inputGatesGrad, hiddenGatesGrad, batch);
        var previousHiddenGrad = new Tensor<T>(batch, HiddenSize);
        PreviousHiddenGrad(hiddenGatesGrad, batch, previousHiddenGrad.AsSpan(), null);
        AddDirectHiddenGrad(step, hiddenGrad.AsSpan(), previousHiddenGrad.AsSpan());
        return new CellGradients<T>(inputGrad, previousHiddenGrad, previousCellGrad);
    }

    /// <summary>Checks x [B, I], h [B, H] and, for an LSTM, c [B, H]; returns B.</summary>
    protected int CheckStepInputs(Tensor<T> input, Tensor<T> hidden, Tensor<T>? cell)
    {
        string name = GetType().Name.Split('`')[0];
        Guard.Shape(input, name, nameof(input), "B, inputSize", Guard.Any, InputSize);
        int batch = input.Size(0);
        Guard.Shape(hidden, name, nameof(hidden), "B, hiddenSize", batch, HiddenSize);
        if (HasCellState)
        {
            Guard.Shape(cell, name, nameof(cell), "B, hiddenSize", batch, HiddenSize);
        }
        else if (cell is not null)
        {
            throw new ArgumentException($"{name} cell: this cell has no cell state, got a tensor {cell.ShapeString}", nameof(cell));
        }

        return batch;
    }

    /// <summary>
    /// <paramref name="step"/> as the step type this cell's Forward makes, with x [B, I] and h' [B, H] of this cell;
    /// otherwise an ArgumentException naming what was expected (<paramref name="expected"/>, e.g. "an LstmStep") and got.
    /// </summary>
    protected TStep RequireOwnStep<TStep>(CellStep<T> step, string expected) where TStep : CellStep<T>
    {
        if (step is not TStep own || own.Input.Size(1) != InputSize || own.Hidden.Size(1) != HiddenSize)
        {
            throw new ArgumentException(
                $"{GetType().Name.Split('`')[0]} step: expected {expected} with x [B, {InputSize}] and h' [B, {HiddenSize}] from this cell's Forward, " +
                $"got {step.GetType().Name.Split('`')[0]} with x {step.Input.ShapeString} and h' {step.Hidden.ShapeString}",
                nameof(step));
        }

        return own;
    }

    /// <summary>Checks ∂L/∂h_t (and ∂L/∂c_t) against the step's shapes.</summary>
    protected void CheckStepGrads(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad)
    {
        ArgumentNullException.ThrowIfNull(step);
        string name = GetType().Name.Split('`')[0];
        Guard.Shape(hiddenGrad, name, nameof(hiddenGrad), "B, hiddenSize", step.Hidden.Size(0), HiddenSize);
        if (HasCellState && cellGrad is not null)
        {
            Guard.Shape(cellGrad, name, nameof(cellGrad), "B, hiddenSize", step.Hidden.Size(0), HiddenSize);
        }
    }
}
