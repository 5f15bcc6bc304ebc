using System.Numerics;
using RnnLabs.Kernels;
using RnnLabs.Tensors;
using static RnnLabs.Recurrent.GateBlocks;

using static RnnLabs.Recurrent.FusedLanes;

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
        int batch = CheckStepInputs(input, hidden, cell);
        return ForwardNewStep(new GruStep<T>(input, 0, hidden, new Tensor<T>(batch, HiddenSize), InputGates(input),
            new Tensor<T>(batch, HiddenSize)));
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

        var s = RequireOwnStep<GruStep<T>>(step, "a GruStep");
        return BackwardStep(s, hiddenGrad, null);
    }

    /// <inheritdoc />
    internal override CellStep<T>[] CreateSequenceSteps(Tensor<T> gates, Tensor<T> previousHiddens, Tensor<T> hiddens,
        Tensor<T>? previousCells, Tensor<T>? cells)
    {
        int steps = gates.Size(0);
        int batch = gates.Size(1);
        var hiddenN = new Tensor<T>(steps, batch, HiddenSize);
        var result = new CellStep<T>[steps];
        for (int t = 0; t < steps; t++)
        {
            result[t] = new GruStep<T>(null, t, previousHiddens[t], hiddens[t], gates[t], hiddenN[t]);
        }

        return result;
    }

    /// <summary>
    /// ah = h·W_hhᵀ + b_hh goes to the scratch (r must scale its n block before the sum); r, z, n replace
    /// ax_r, ax_z, ax_n in the step's gate matrix, r and z adjacent so one add and one sigmoid cover both.
    /// </summary>
    internal override void ForwardStep(CellStep<T> step, Span<T> scratch, PackedMatrix<T>? hiddenWeight)
    {
        var s = (GruStep<T>)step;
        int batch = s.Hidden.Size(0);
        int size = HiddenSize;
        int width = Gates * size;
        Span<T> ax = s.Gates.AsSpan();
        Span<T> ah = scratch[..(batch * width)];
        HiddenProduct(s.PreviousHidden.AsSpan(), batch, ah, T.Zero, hiddenWeight);
        if (typeof(T) == typeof(float) && FusedLanes.Supports(size))
        {
            GruFusedRows.Forward(AsFloat(ax), AsFloat(ah), AsFloat(s.PreviousHidden.AsSpan()), AsFloat(s.HiddenN.AsSpan()),
                AsFloat(s.Hidden.AsSpan()), size);
            return;
        }

        ReadOnlySpan<T> h = s.PreviousHidden.AsSpan();
        Span<T> hiddenN = s.HiddenN.AsSpan();
        Span<T> hNew = s.Hidden.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            Span<T> rz = ax.Slice(b * width, 2 * size);
            TensorPrimitives.Add(rz, ah.Slice(b * width, 2 * size), rz);
            Activations.Sigmoid<T>(rz, rz);

            // n = tanh(ax_n + r ⊙ ah_n)
            Span<T> ahN = Row(hiddenN, b, size);
            Block(ah, b, 2, Gates, size).CopyTo(ahN);
            Span<T> n = Block(ax, b, 2, Gates, size);
            TensorPrimitives.MultiplyAdd(rz[..size], ahN, n, n);
            Activations.Tanh<T>(n, n);

            // (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
            Span<T> hRow = Row(hNew, b, size);
            TensorPrimitives.Subtract(h.Slice(b * size, size), n, hRow);
            TensorPrimitives.MultiplyAdd(hRow, rz.Slice(size, size), n, hRow);
        }
    }

    /// <inheritdoc />
    internal override bool SeparateGateGradients => true;

    /// <inheritdoc />
    internal override void GateGradients(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, ReadOnlySpan<T> cellGrad,
        Span<T> inputGatesGrad, Span<T> hiddenGatesGrad, Span<T> previousCellGrad)
    {
        var s = (GruStep<T>)step;
        int size = HiddenSize;
        int width = Gates * size;
        int batch = hiddenGrad.Length / size;
        Span<T> gates = s.Gates.AsSpan();
        ReadOnlySpan<T> ahN = s.HiddenN.AsSpan();
        ReadOnlySpan<T> h = s.PreviousHidden.AsSpan();
        Span<T> gx = inputGatesGrad[..(batch * width)];
        Span<T> gh = hiddenGatesGrad[..(batch * width)];
        if (typeof(T) == typeof(float) && FusedLanes.Supports(size))
        {
            GruFusedRows.Backward(AsFloat(gates), AsFloat(ahN), AsFloat(h), AsFloat(hiddenGrad), AsFloat(gx), AsFloat(gh), size);
            return;
        }

        // σ′ of r and z for all rows in one pass; the n block of gx is overwritten with dn_pre below.
        GateDerivatives.Sigmoid<T>(gates[..gx.Length], gx);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> dh = hiddenGrad.Slice(b * size, size);
            ReadOnlySpan<T> r = Block(gates, b, 0, Gates, size);
            ReadOnlySpan<T> z = Block(gates, b, 1, Gates, size);
            ReadOnlySpan<T> n = Block(gates, b, 2, Gates, size);

            // The hidden-side blocks serve as scratch for 1 − n² and h − n before they get their final values.
            Span<T> dnPre = Block(gx, b, 2, Gates, size);
            Span<T> dhn = Block(gh, b, 2, Gates, size);
            GateDerivatives.Tanh(n, dhn);
            TensorPrimitives.Subtract(T.One, z, dnPre);
            TensorPrimitives.Multiply(dnPre, dhn, dnPre);
            TensorPrimitives.Multiply(dnPre, dh, dnPre);
            TensorPrimitives.Multiply(dnPre, r, dhn);

            Span<T> dzPre = Block(gx, b, 1, Gates, size);
            Span<T> hMinusN = Block(gh, b, 1, Gates, size);
            TensorPrimitives.Subtract(h.Slice(b * size, size), n, hMinusN);
            TensorPrimitives.Multiply(dzPre, hMinusN, dzPre);
            TensorPrimitives.Multiply(dzPre, dh, dzPre);

            Span<T> drPre = Block(gx, b, 0, Gates, size);
            TensorPrimitives.Multiply(drPre, ahN.Slice(b * size, size), drPre);
            TensorPrimitives.Multiply(drPre, dnPre, drPre);

            // r and z see x and h alike, so their hidden-side gradients equal the input-side ones.
            gx.Slice(b * width, 2 * size).CopyTo(gh.Slice(b * width, 2 * size));
        }
    }

    /// <summary>h' also depends on h directly through z ⊙ h: ∂L/∂h_{t−1} += dh ⊙ z.</summary>
    internal override void AddDirectHiddenGrad(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, Span<T> previousHiddenGrad)
    {
        Span<T> gates = ((GruStep<T>)step).Gates.AsSpan();
        int size = HiddenSize;
        for (int b = 0; b < hiddenGrad.Length / size; b++)
        {
            Span<T> row = Row(previousHiddenGrad, b, size);
            TensorPrimitives.MultiplyAdd(hiddenGrad.Slice(b * size, size), Block(gates, b, 1, Gates, size), row, row);
        }
    }
}
