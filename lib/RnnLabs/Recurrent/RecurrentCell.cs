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
    /// The step from x·W_ihᵀ + b_ih already computed (<paramref name="inputGates"/> [B, G·H], which it may
    /// overwrite): what Forward does after its input projection, so a sequence can project all steps at once.
    /// </summary>
    /// <param name="input">x, [B, I].</param>
    /// <param name="inputGates">x·W_ihᵀ + b_ih, [B, G·H].</param>
    /// <param name="hidden">h, [B, H].</param>
    /// <param name="cell">c, [B, H] for an LSTM, else null.</param>
    /// <param name="hiddenWeightT">W_hhᵀ [H, G·H] from <see cref="TransposeHiddenWeight"/>, or null to use W_hh.</param>
    internal abstract CellStep<T> ForwardFromInputGates(Tensor<T> input, Tensor<T> inputGates, Tensor<T> hidden, Tensor<T>? cell,
        Tensor<T>? hiddenWeightT);

    /// <summary>
    /// Writes W_hhᵀ [H, G·H] into <paramref name="destination"/>: the per-step product h·W_hhᵀ then reads its
    /// right operand in storage order, so the GEMM packs it by row copies instead of a strided gather every step.
    /// </summary>
    internal void TransposeHiddenWeight(Tensor<T> destination)
    {
        int rows = GateCount * HiddenSize;
        ReadOnlySpan<T> w = WeightHh.Value.AsSpan();
        Span<T> wT = destination.AsSpan();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < HiddenSize; j++)
            {
                wT[j * rows + r] = w[r * HiddenSize + j];
            }
        }
    }

    /// <summary>
    /// Writes every element of ∂L/∂(x·W_ihᵀ + b_ih) into <paramref name="inputGatesGrad"/> and of
    /// ∂L/∂(h·W_hhᵀ + b_hh) into <paramref name="hiddenGatesGrad"/> (the same tensor unless
    /// <see cref="SeparateGateGradients"/>); returns ∂L/∂c_{t−1} for an LSTM, else null.
    /// </summary>
    internal abstract Tensor<T>? GateGradients(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad,
        Tensor<T> inputGatesGrad, Tensor<T> hiddenGatesGrad);

    /// <summary>True when the input-side and hidden-side gate gradients differ (GRU), so need two buffers.</summary>
    internal virtual bool SeparateGateGradients => false;

    /// <summary>Adds the part of ∂L/∂h_{t−1} that bypasses W_hh (GRU: dh ⊙ z); none by default.</summary>
    internal virtual void AddDirectHiddenGrad(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T> previousHiddenGrad)
    {
    }

    /// <summary>x·W_ihᵀ + b_ih for every row of <paramref name="inputs"/> [.., I] at once into [.., G·H].</summary>
    internal void ProjectInputs(Tensor<T> inputs, Tensor<T> inputGates)
    {
        int width = GateCount * HiddenSize;
        int rows = inputs.Length / InputSize;
        var gates = inputGates.Reshape(rows, width);
        Gemm.MatMul(inputs.Reshape(rows, InputSize), WeightIh.Value, gates, transposeB: true);
        RowOps.AddToEachRow(gates.AsSpan(), width, BiasIh.Value.AsSpan());
    }

    /// <summary>
    /// The input side of backward over all rows at once: ∂W_ih += dGxᵀ·X, ∂b_ih += Σ_rows dGx and
    /// <paramref name="inputGrad"/> += dGx·W_ih.
    /// </summary>
    internal void BackwardInputs(Tensor<T> inputs, Tensor<T> inputGatesGrad, Tensor<T> inputGrad)
    {
        int width = GateCount * HiddenSize;
        int rows = inputs.Length / InputSize;
        var grad = inputGatesGrad.Reshape(rows, width);
        Gemm.MatMul(grad, inputs.Reshape(rows, InputSize), WeightIh.Grad, transposeA: true, beta: T.One);
        RowOps.AccumulateColumnSums(grad.AsSpan(), width, BiasIh.Grad.AsSpan());
        Gemm.MatMul(grad, WeightIh.Value, inputGrad.Reshape(rows, InputSize), beta: T.One);
    }

    /// <summary>The hidden-side weight gradients over all rows at once: ∂W_hh += dGhᵀ·H_prev, ∂b_hh += Σ_rows dGh.</summary>
    internal void BackwardHiddenWeights(Tensor<T> previousHiddens, Tensor<T> hiddenGatesGrad)
    {
        int width = GateCount * HiddenSize;
        int rows = previousHiddens.Length / HiddenSize;
        var grad = hiddenGatesGrad.Reshape(rows, width);
        Gemm.MatMul(grad, previousHiddens.Reshape(rows, HiddenSize), WeightHh.Grad, transposeA: true, beta: T.One);
        RowOps.AccumulateColumnSums(grad.AsSpan(), width, BiasHh.Grad.AsSpan());
    }

    /// <summary>The step-level backward shared by all cells: gate gradients, then both affine maps.</summary>
    protected CellGradients<T> BackwardStep(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad)
    {
        int batch = step.Hidden.Size(0);
        var inputGatesGrad = new Tensor<T>(batch, GateCount * HiddenSize);
        var hiddenGatesGrad = SeparateGateGradients ? new Tensor<T>(batch, GateCount * HiddenSize) : inputGatesGrad;
        var previousCellGrad = GateGradients(step, hiddenGrad, cellGrad, inputGatesGrad, hiddenGatesGrad);
        var (dx, dhPrev) = BackwardAffine(inputGatesGrad, hiddenGatesGrad, step.Input, step.PreviousHidden);
        AddDirectHiddenGrad(step, hiddenGrad, dhPrev);
        return new CellGradients<T>(dx, dhPrev, previousCellGrad);
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

    /// <summary>x·W_ihᵀ + b_ih, [B, G·H].</summary>
    protected Tensor<T> InputGates(Tensor<T> input) => Affine(input, WeightIh, BiasIh);

    /// <summary>h·W_hhᵀ + b_hh, [B, G·H], from W_hhᵀ when given (see <see cref="TransposeHiddenWeight"/>).</summary>
    protected Tensor<T> HiddenGates(Tensor<T> hidden, Tensor<T>? hiddenWeightT)
    {
        if (hiddenWeightT is null)
        {
            return Affine(hidden, WeightHh, BiasHh);
        }

        var result = Gemm.MatMul(hidden, hiddenWeightT);
        RowOps.AddToEachRow(result.AsSpan(), GateCount * HiddenSize, BiasHh.Value.AsSpan());
        return result;
    }

    /// <summary>gates += h·W_hhᵀ + b_hh in place, [B, G·H] (no temporary), for cells that only need the sum.</summary>
    protected void AddHiddenGates(Tensor<T> hidden, Tensor<T> gates, Tensor<T>? hiddenWeightT)
    {
        if (hiddenWeightT is null)
        {
            Gemm.MatMul(hidden, WeightHh.Value, gates, transposeB: true, beta: T.One);
        }
        else
        {
            Gemm.MatMul(hidden, hiddenWeightT, gates, beta: T.One);
        }

        RowOps.AddToEachRow(gates.AsSpan(), GateCount * HiddenSize, BiasHh.Value.AsSpan());
    }

    /// <summary>
    /// Backward through both affine maps given ∂L/∂(x·W_ihᵀ + b_ih) and ∂L/∂(h·W_hhᵀ + b_hh):
    /// ∂W_ih += dGxᵀ·x, ∂b_ih += Σ_b dGx, ∂W_hh += dGhᵀ·h, ∂b_hh += Σ_b dGh; returns (dGx·W_ih, dGh·W_hh).
    /// </summary>
    protected (Tensor<T> InputGrad, Tensor<T> HiddenGrad) BackwardAffine(
        Tensor<T> inputGatesGrad, Tensor<T> hiddenGatesGrad, Tensor<T> input, Tensor<T> hidden)
    {
        Gemm.MatMul(inputGatesGrad, input, WeightIh.Grad, transposeA: true, beta: T.One);
        RowOps.AccumulateColumnSums(inputGatesGrad.AsSpan(), GateCount * HiddenSize, BiasIh.Grad.AsSpan());
        Gemm.MatMul(hiddenGatesGrad, hidden, WeightHh.Grad, transposeA: true, beta: T.One);
        RowOps.AccumulateColumnSums(hiddenGatesGrad.AsSpan(), GateCount * HiddenSize, BiasHh.Grad.AsSpan());
        return (Gemm.MatMul(inputGatesGrad, WeightIh.Value), Gemm.MatMul(hiddenGatesGrad, WeightHh.Value));
    }

    private Tensor<T> Affine(Tensor<T> x, Parameter<T> weight, Parameter<T> bias)
    {
        var result = Gemm.MatMul(x, weight.Value, transposeB: true);
        RowOps.AddToEachRow(result.AsSpan(), GateCount * HiddenSize, bias.Value.AsSpan());
        return result;
    }
}
