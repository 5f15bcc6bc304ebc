using System.Numerics;
using RnnLabs.Tensors;
using static RnnLabs.Recurrent.GateDerivatives;

namespace RnnLabs.Recurrent;

/// <summary>
/// The gated recurrent unit, as PyTorch's <c>nn.GRUCell</c> (gate blocks r, z, n of H rows each in
/// W_ih, W_hh, b_ih, b_hh, so weights copy one to one):
/// <code>
/// [ax_r ax_z ax_n] = x·W_ihᵀ + b_ih      [ah_r ah_z ah_n] = h·W_hhᵀ + b_hh
/// r = σ(ax_r + ah_r)   z = σ(ax_z + ah_z)
/// n = tanh(ax_n + r ⊙ ah_n)              ah_n = h·W_hnᵀ + b_hn
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// Backward, given dh = ∂L/∂h', keeping the input-side (dGx) and hidden-side (dGh) gate gradients apart
/// because r scales only the hidden side of n:
/// <code>
/// dn_pre = dh ⊙ (1 − z) ⊙ (1 − n²)
/// dz_pre = dh ⊙ (h − n) ⊙ z(1 − z)
/// dr_pre = dn_pre ⊙ ah_n ⊙ r(1 − r)
/// dGx = [dr_pre dz_pre dn_pre]           dGh = [dr_pre dz_pre dn_pre ⊙ r]
/// ∂L/∂W_ih += dGxᵀ·x   ∂L/∂b_ih += Σ_batch dGx   ∂L/∂W_hh += dGhᵀ·h   ∂L/∂b_hh += Σ_batch dGh
/// dx = dGx·W_ih   dh_prev = dGh·W_hh + dh ⊙ z
/// </code>
/// Why b_hn sits inside r ⊙ (h·W_hnᵀ + b_hn): PyTorch and cuDNN compute h·W_hhᵀ + b_hh for all three gates
/// in one product before r is known, so the reset gate scales that whole term; the d2l / Cho et al. variant,
/// tanh(x·W_xnᵀ + (r ⊙ h)·W_hnᵀ + b_n), needs a second product per step and its weights do not transfer.
/// </summary>
public sealed class GruCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Gates = 3;

    /// <summary>Creates a cell with PyTorch's default init U(−1/√H, 1/√H).</summary>
    /// <param name="inputSize">I, features per time step.</param>
    /// <param name="hiddenSize">H, size of the hidden state.</param>
    /// <param name="rng">Source of the initial weights.</param>
    /// <param name="nameSuffix">Appended to parameter names, e.g. <c>_l0</c>.</param>
    public GruCell(int inputSize, int hiddenSize, Rng rng, string nameSuffix = "")
        : base(inputSize, hiddenSize, Gates, rng, nameSuffix)
    {
    }

    /// <inheritdoc />
    public override bool HasCellState => false;

    /// <summary>One time step: x [B, I], h [B, H] (c must be null) to a <see cref="GruStep{T}"/>.</summary>
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
        Span<T> ax = inputGates.AsSpan();
        Span<T> ah = HiddenGates(hidden, hiddenWeightT).AsSpan();

        var r = new Tensor<T>(batch, size);
        var z = new Tensor<T>(batch, size);
        var n = new Tensor<T>(batch, size);
        var hiddenN = new Tensor<T>(batch, size);
        for (int b = 0; b < batch; b++)
        {
            // r and z are adjacent blocks: one add covers both.
            Span<T> rz = ax.Slice(b * Gates * size, 2 * size);
            TensorPrimitives.Add(rz, ah.Slice(b * Gates * size, 2 * size), rz);
            TensorPrimitives.Sigmoid(Block(ax, b, 0, Gates, size), Row(r.AsSpan(), b, size));
            TensorPrimitives.Sigmoid(Block(ax, b, 1, Gates, size), Row(z.AsSpan(), b, size));

            Span<T> ahN = Row(hiddenN.AsSpan(), b, size);
            Block(ah, b, 2, Gates, size).CopyTo(ahN);
            Span<T> nRow = Row(n.AsSpan(), b, size);
            TensorPrimitives.Multiply(Row(r.AsSpan(), b, size), ahN, nRow);
            TensorPrimitives.Add(nRow, Block(ax, b, 2, Gates, size), nRow);
            TensorPrimitives.Tanh(nRow, nRow);
        }

        // (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
        var hNew = new Tensor<T>(batch, size);
        TensorPrimitives.Subtract(hidden.AsSpan(), n.AsSpan(), hNew.AsSpan());
        TensorPrimitives.MultiplyAdd(hNew.AsSpan(), z.AsSpan(), n.AsSpan(), hNew.AsSpan());
        return new GruStep<T>(input, hidden, hNew, r, z, n, hiddenN);
    }

    /// <summary>
    /// Backward through a <see cref="GruStep{T}"/> of this cell given dh = ∂L/∂h' (a GRU has no cell state,
    /// so cellGrad must be null): adds ∂L/∂θ into the parameters' gradients and returns dx and dh_prev.
    /// </summary>
    public override CellGradients<T> Backward(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad = null)
    {
        CheckStepGrads(step, hiddenGrad, cellGrad);
        if (cellGrad is not null)
        {
            throw new ArgumentException($"GruCell cellGrad: this cell has no cell state, got a tensor {cellGrad.ShapeString}", nameof(cellGrad));
        }

        if (step is not GruStep<T> s || s.Input.Size(1) != InputSize || s.Hidden.Size(1) != HiddenSize)
        {
            throw new ArgumentException(
                $"GruCell step: expected a GruStep with x [B, {InputSize}] and h' [B, {HiddenSize}] from this cell's Forward, " +
                $"got {step.GetType().Name.Split('`')[0]} with x {step.Input.ShapeString} and h' {step.Hidden.ShapeString}",
                nameof(step));
        }

        return BackwardStep(s, hiddenGrad, null);
    }

    /// <inheritdoc />
    internal override bool SeparateGateGradients => true;

    /// <inheritdoc />
    internal override Tensor<T>? GateGradients(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad,
        Tensor<T> inputGatesGrad, Tensor<T> hiddenGatesGrad)
    {
        var s = (GruStep<T>)step;
        int batch = s.Hidden.Size(0);
        int size = HiddenSize;
        var dGx = inputGatesGrad;
        var dGh = hiddenGatesGrad;
        Span<T> gx = dGx.AsSpan();
        Span<T> gh = dGh.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> dh = Row(hiddenGrad.AsSpan(), b, size);
            ReadOnlySpan<T> r = Row(s.R.AsSpan(), b, size);
            ReadOnlySpan<T> z = Row(s.Z.AsSpan(), b, size);
            ReadOnlySpan<T> n = Row(s.N.AsSpan(), b, size);
            ReadOnlySpan<T> ahN = Row(s.HiddenN.AsSpan(), b, size);
            ReadOnlySpan<T> h = Row(s.PreviousHidden.AsSpan(), b, size);

            // The hidden-side blocks serve as scratch for 1 − n² and h − n before they get their final values.
            Span<T> dnPre = Block(gx, b, 2, Gates, size);
            Span<T> dhn = Block(gh, b, 2, Gates, size);
            Tanh(n, dhn);
            TensorPrimitives.Subtract(T.One, z, dnPre);
            TensorPrimitives.Multiply(dnPre, dhn, dnPre);
            TensorPrimitives.Multiply(dnPre, dh, dnPre);
            TensorPrimitives.Multiply(dnPre, r, dhn);

            Span<T> dzPre = Block(gx, b, 1, Gates, size);
            Span<T> hMinusN = Block(gh, b, 1, Gates, size);
            TensorPrimitives.Subtract(h, n, hMinusN);
            Sigmoid(z, dzPre);
            TensorPrimitives.Multiply(dzPre, hMinusN, dzPre);
            TensorPrimitives.Multiply(dzPre, dh, dzPre);

            Span<T> drPre = Block(gx, b, 0, Gates, size);
            Sigmoid(r, drPre);
            TensorPrimitives.Multiply(drPre, ahN, drPre);
            TensorPrimitives.Multiply(drPre, dnPre, drPre);

            // r and z see x and h alike, so their hidden-side gradients equal the input-side ones.
            gx.Slice(b * Gates * size, 2 * size).CopyTo(gh.Slice(b * Gates * size, 2 * size));
        }

        return null;
    }

    /// <summary>h' also depends on h directly through z ⊙ h: ∂L/∂h_{t−1} += dh ⊙ z.</summary>
    internal override void AddDirectHiddenGrad(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T> previousHiddenGrad)
    {
        var z = ((GruStep<T>)step).Z.AsSpan();
        TensorPrimitives.MultiplyAdd(hiddenGrad.AsSpan(), z, previousHiddenGrad.AsSpan(), previousHiddenGrad.AsSpan());
    }
}
