using System.Numerics;
using RnnLabs.Tensors;
using static RnnLabs.Recurrent.GateDerivatives;

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
        CheckStepInputs(input, hidden, cell);
        return ForwardFromInputGates(input, InputGates(input), hidden, cell, null);
    }

    /// <inheritdoc />
    internal override CellStep<T> ForwardFromInputGates(Tensor<T> input, Tensor<T> inputGates, Tensor<T> hidden, Tensor<T>? cell,
        Tensor<T>? hiddenWeightT)
    {
        int batch = hidden.Size(0);
        int size = HiddenSize;
        Span<T> pre = inputGates.AsSpan();
        AddHiddenGates(hidden, inputGates, hiddenWeightT);

        var i = new Tensor<T>(batch, size);
        var f = new Tensor<T>(batch, size);
        var g = new Tensor<T>(batch, size);
        var o = new Tensor<T>(batch, size);
        for (int b = 0; b < batch; b++)
        {
            TensorPrimitives.Sigmoid(Block(pre, b, 0, Gates, size), Row(i.AsSpan(), b, size));
            TensorPrimitives.Sigmoid(Block(pre, b, 1, Gates, size), Row(f.AsSpan(), b, size));
            TensorPrimitives.Tanh(Block(pre, b, 2, Gates, size), Row(g.AsSpan(), b, size));
            TensorPrimitives.Sigmoid(Block(pre, b, 3, Gates, size), Row(o.AsSpan(), b, size));
        }

        var cNew = new Tensor<T>(batch, size);
        TensorPrimitives.Multiply(f.AsSpan(), cell!.AsSpan(), cNew.AsSpan());
        TensorPrimitives.MultiplyAdd(i.AsSpan(), g.AsSpan(), cNew.AsSpan(), cNew.AsSpan());
        var cellTanh = new Tensor<T>(batch, size);
        TensorPrimitives.Tanh(cNew.AsSpan(), cellTanh.AsSpan());
        var hNew = new Tensor<T>(batch, size);
        TensorPrimitives.Multiply(o.AsSpan(), cellTanh.AsSpan(), hNew.AsSpan());
        return new LstmStep<T>(input, hidden, cell, hNew, cNew, i, f, g, o, cellTanh);
    }

    /// <summary>
    /// Backward through an <see cref="LstmStep{T}"/> of this cell given dh = ∂L/∂h' and dc = ∂L/∂c'
    /// (null means zero): adds ∂L/∂θ into the parameters' gradients and returns dx, dh_prev and dc_prev.
    /// </summary>
    public override CellGradients<T> Backward(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad = null)
    {
        CheckStepGrads(step, hiddenGrad, cellGrad);
        if (step is not LstmStep<T> s || s.Input.Size(1) != InputSize || s.Hidden.Size(1) != HiddenSize)
        {
            throw new ArgumentException(
                $"LstmCell step: expected an LstmStep with x [B, {InputSize}] and h' [B, {HiddenSize}] from this cell's Forward, " +
                $"got {step.GetType().Name.Split('`')[0]} with x {step.Input.ShapeString} and h' {step.Hidden.ShapeString}",
                nameof(step));
        }

        return BackwardStep(s, hiddenGrad, cellGrad);
    }

    /// <inheritdoc />
    internal override Tensor<T>? GateGradients(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad,
        Tensor<T> inputGatesGrad, Tensor<T> hiddenGatesGrad)
    {
        var s = (LstmStep<T>)step;
        int batch = s.Hidden.Size(0);
        int size = HiddenSize;

        // δc: c' reaches the loss directly (dc) and through h' = o ⊙ tanh(c').
        var dcPrev = new Tensor<T>(batch, size);
        Span<T> deltaC = dcPrev.AsSpan();
        ReadOnlySpan<T> dh = hiddenGrad.AsSpan();
        Tanh<T>(s.CellTanh.AsSpan(), deltaC);
        TensorPrimitives.Multiply(deltaC, s.O.AsSpan(), deltaC);
        TensorPrimitives.Multiply(deltaC, dh, deltaC);
        if (cellGrad is not null)
        {
            TensorPrimitives.Add(deltaC, cellGrad.AsSpan(), deltaC);
        }

        Span<T> grad = inputGatesGrad.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> i = Row(s.I.AsSpan(), b, size);
            ReadOnlySpan<T> f = Row(s.F.AsSpan(), b, size);
            ReadOnlySpan<T> g = Row(s.G.AsSpan(), b, size);
            ReadOnlySpan<T> o = Row(s.O.AsSpan(), b, size);
            ReadOnlySpan<T> c = Row(s.PreviousCell!.AsSpan(), b, size);
            ReadOnlySpan<T> tanhC = Row(s.CellTanh.AsSpan(), b, size);
            ReadOnlySpan<T> dhRow = dh.Slice(b * size, size);
            ReadOnlySpan<T> deltaCRow = deltaC.Slice(b * size, size);

            Span<T> dai = Block(grad, b, 0, Gates, size);
            Sigmoid(i, dai);
            TensorPrimitives.Multiply(dai, g, dai);
            TensorPrimitives.Multiply(dai, deltaCRow, dai);

            Span<T> daf = Block(grad, b, 1, Gates, size);
            Sigmoid(f, daf);
            TensorPrimitives.Multiply(daf, c, daf);
            TensorPrimitives.Multiply(daf, deltaCRow, daf);

            Span<T> dag = Block(grad, b, 2, Gates, size);
            Tanh(g, dag);
            TensorPrimitives.Multiply(dag, i, dag);
            TensorPrimitives.Multiply(dag, deltaCRow, dag);

            Span<T> dao = Block(grad, b, 3, Gates, size);
            Sigmoid(o, dao);
            TensorPrimitives.Multiply(dao, tanhC, dao);
            TensorPrimitives.Multiply(dao, dhRow, dao);
        }

        TensorPrimitives.Multiply(deltaC, s.F.AsSpan(), deltaC);
        return dcPrev;
    }
}
