using System.Numerics;
using RnnLabs.Kernels;
using RnnLabs.Tensors;
using static RnnLabs.Recurrent.GateBlocks;

using static RnnLabs.Recurrent.FusedLanes;

namespace RnnLabs.Recurrent;

/// <summary>
/// The long short-term memory cell, as PyTorch's <c>nn.LSTMCell</c> (gate blocks i, f, g, o of H rows each in
/// W_ih, W_hh, b_ih, b_hh, so weights copy one to one):
/// <code>
/// [a_i a_f a_g a_o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh
/// i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
/// c' = f ⊙ c + i ⊙ g
/// h' = o ⊙ tanh(c')
/// </code>
/// Backward, given dh = ∂L/∂h' and dc = ∂L/∂c' (zero when null):
/// <code>
/// δc   = dc + dh ⊙ o ⊙ (1 − tanh²(c'))
/// da_i = δc ⊙ g ⊙ i(1 − i)     da_f = δc ⊙ c ⊙ f(1 − f)
/// da_g = δc ⊙ i ⊙ (1 − g²)     da_o = dh ⊙ tanh(c') ⊙ o(1 − o)
/// dA = [da_i da_f da_g da_o]
/// ∂L/∂W_ih += dAᵀ·x   ∂L/∂W_hh += dAᵀ·h   ∂L/∂b_ih = ∂L/∂b_hh += Σ_batch dA
/// dx = dA·W_ih   dh_prev = dA·W_hh   dc_prev = δc ⊙ f
/// </code>
/// Why: c' is updated additively, so ∂c'/∂c = f; with f near 1 the gradient crosses many steps undiminished,
/// which is why the forget gate exists and why its bias is often started at +1.
/// </summary>
public sealed class LstmCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Gates = 4;

    /// <summary>Creates a cell with PyTorch's default init U(−1/√H, 1/√H).</summary>
    /// <param name="inputSize">I, features per time step.</param>
    /// <param name="hiddenSize">H, size of the hidden and cell states.</param>
    /// <param name="rng">Source of the initial weights.</param>
    /// <param name="nameSuffix">Appended to parameter names, e.g. <c>_l0</c>.</param>
    public LstmCell(int inputSize, int hiddenSize, Rng rng, string nameSuffix = "")
        : base(inputSize, hiddenSize, Gates, rng, nameSuffix)
    {
    }

    /// <inheritdoc />
    public override bool HasCellState => true;

    /// <summary>One time step: x [B, I], h [B, H], c [B, H] (required) to an <see cref="LstmStep{T}"/>.</summary>
    public override CellStep<T> Forward(Tensor<T> input, Tensor<T> hidden, Tensor<T>? cell = null)
    {
        int batch = CheckStepInputs(input, hidden, cell);
        return ForwardNewStep(new LstmStep<T>(input, 0, hidden, cell!, new Tensor<T>(batch, HiddenSize),
            new Tensor<T>(batch, HiddenSize), InputGates(input), new Tensor<T>(batch, HiddenSize)));
    }

    /// <summary>
    /// Backward through an <see cref="LstmStep{T}"/> of this cell given dh = ∂L/∂h' and dc = ∂L/∂c'
    /// (null means zero): adds ∂L/∂θ into the parameters' gradients and returns dx, dh_prev and dc_prev.
    /// </summary>
    public override CellGradients<T> Backward(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad = null)
    {
        CheckStepGrads(step, hiddenGrad, cellGrad);
        var s = RequireOwnStep<LstmStep<T>>(step, "an LstmStep");
        return BackwardStep(s, hiddenGrad, cellGrad);
    }

    /// <inheritdoc />
    internal override CellStep<T>[] CreateSequenceSteps(Tensor<T> gates, Tensor<T> previousHiddens, Tensor<T> hiddens,
        Tensor<T>? previousCells, Tensor<T>? cells)
    {
        int steps = gates.Size(0);
        int batch = gates.Size(1);
        var cellTanh = new Tensor<T>(steps, batch, HiddenSize);
        var result = new CellStep<T>[steps];
        for (int t = 0; t < steps; t++)
        {
            result[t] = new LstmStep<T>(null, t, previousHiddens[t], previousCells![t], hiddens[t], cells![t], gates[t], cellTanh[t]);
        }

        return result;
    }

    /// <inheritdoc />
    internal override int ForwardScratchWidth => 0;

    /// <summary>
    /// a = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh is summed in the step's gate matrix and activated in place, so
    /// [i f g o] replace [a_i a_f a_g a_o]: i and f are adjacent, one sigmoid covers both.
    /// </summary>
    internal override void ForwardStep(CellStep<T> step, Span<T> scratch, PackedMatrix<T>? hiddenWeight)
    {
        var s = (LstmStep<T>)step;
        int batch = s.Hidden.Size(0);
        int size = HiddenSize;
        int width = Gates * size;
        Span<T> gates = s.Gates.AsSpan();
        HiddenProduct(s.PreviousHidden.AsSpan(), batch, gates, T.One, hiddenWeight);
        if (typeof(T) == typeof(float) && FusedLanes.Supports(size))
        {
            LstmFusedRows.Forward(AsFloat(gates), AsFloat(s.PreviousCell!.AsSpan()), AsFloat(s.Cell!.AsSpan()),
                AsFloat(s.CellTanh.AsSpan()), AsFloat(s.Hidden.AsSpan()), size);
            return;
        }

        ReadOnlySpan<T> c = s.PreviousCell!.AsSpan();
        Span<T> cNew = s.Cell!.AsSpan();
        Span<T> cellTanh = s.CellTanh.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            Span<T> row = Row(gates, b, width);
            Span<T> iF = row[..(2 * size)];
            Span<T> g = row.Slice(2 * size, size);
            Span<T> o = row.Slice(3 * size, size);
            Activations.Sigmoid<T>(iF, iF);
            Activations.Tanh<T>(g, g);
            Activations.Sigmoid<T>(o, o);

            // c' = f ⊙ c + i ⊙ g
            Span<T> cRow = Row(cNew, b, size);
            TensorPrimitives.Multiply(row.Slice(size, size), c.Slice(b * size, size), cRow);
            TensorPrimitives.MultiplyAdd(row[..size], g, cRow, cRow);
        }

        Activations.Tanh<T>(cNew, cellTanh);
        Span<T> hNew = s.Hidden.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            TensorPrimitives.Multiply(Block(gates, b, 3, Gates, size), Row(cellTanh, b, size), Row(hNew, b, size));
        }
    }

    /// <inheritdoc />
    internal override void GateGradients(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, ReadOnlySpan<T> cellGrad,
        Span<T> inputGatesGrad, Span<T> hiddenGatesGrad, Span<T> previousCellGrad)
    {
        var s = (LstmStep<T>)step;
        int size = HiddenSize;
        int width = Gates * size;
        int batch = hiddenGrad.Length / size;
        Span<T> gates = s.Gates.AsSpan();
        ReadOnlySpan<T> tanhC = s.CellTanh.AsSpan();
        ReadOnlySpan<T> c = s.PreviousCell!.AsSpan();
        ReadOnlySpan<T> dh = hiddenGrad;
        if (typeof(T) == typeof(float) && FusedLanes.Supports(size))
        {
            LstmFusedRows.Backward(AsFloat(gates), AsFloat(tanhC), AsFloat(c), AsFloat(dh), AsFloat(cellGrad),
                AsFloat(inputGatesGrad[..(batch * width)]), AsFloat(previousCellGrad), size);
            return;
        }

        // δc: c' reaches the loss directly (dc) and through h' = o ⊙ tanh(c').
        Span<T> deltaC = previousCellGrad;
        GateDerivatives.Tanh(tanhC, deltaC);
        for (int b = 0; b < batch; b++)
        {
            Span<T> deltaCRow = Row(deltaC, b, size);
            TensorPrimitives.Multiply(deltaCRow, Block(gates, b, 3, Gates, size), deltaCRow);
        }

        TensorPrimitives.Multiply(deltaC, dh, deltaC);
        if (!cellGrad.IsEmpty)
        {
            TensorPrimitives.Add(deltaC, cellGrad, deltaC);
        }

        // σ′ = s(1 − s) of all four blocks in one pass over [B, 4H]; the g block is then redone with tanh′.
        Span<T> grad = inputGatesGrad[..(batch * width)];
        GateDerivatives.Sigmoid<T>(gates[..grad.Length], grad);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> i = Block(gates, b, 0, Gates, size);
            ReadOnlySpan<T> f = Block(gates, b, 1, Gates, size);
            ReadOnlySpan<T> g = Block(gates, b, 2, Gates, size);
            Span<T> deltaCRow = Row(deltaC, b, size);

            Span<T> dai = Block(grad, b, 0, Gates, size);
            TensorPrimitives.Multiply(dai, g, dai);
            TensorPrimitives.Multiply(dai, deltaCRow, dai);

            Span<T> daf = Block(grad, b, 1, Gates, size);
            TensorPrimitives.Multiply(daf, c.Slice(b * size, size), daf);
            TensorPrimitives.Multiply(daf, deltaCRow, daf);

            Span<T> dag = Block(grad, b, 2, Gates, size);
            GateDerivatives.Tanh(g, dag);
            TensorPrimitives.Multiply(dag, i, dag);
            TensorPrimitives.Multiply(dag, deltaCRow, dag);

            Span<T> dao = Block(grad, b, 3, Gates, size);
            TensorPrimitives.Multiply(dao, tanhC.Slice(b * size, size), dao);
            TensorPrimitives.Multiply(dao, dh.Slice(b * size, size), dao);

            // dc_prev = δc ⊙ f, once δc has served the gates of this row.
            TensorPrimitives.Multiply(deltaCRow, f, deltaCRow);
        }
    }
}
