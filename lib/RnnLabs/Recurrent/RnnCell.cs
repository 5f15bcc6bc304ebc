using System.Numerics;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>The nonlinearity of a vanilla RNN (PyTorch's <c>nonlinearity</c> argument).</summary>
public enum RnnNonlinearity
{
    /// <summary>tanh: bounded, zero-centred; saturates, so gradients can vanish.</summary>
    Tanh,

    /// <summary>max(0, a): unbounded; with identity recurrent weights this is the IRNN.</summary>
    Relu,
}

/// <summary>
/// The Elman (vanilla) RNN cell, as PyTorch's <c>nn.RNNCell</c>:
/// <code>
/// a_t = x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh
/// h_t = φ(a_t),  φ = tanh or relu
/// </code>
/// Backward, given ∂L/∂h_t:
/// <code>
/// ∂L/∂a_t = ∂L/∂h_t ⊙ φ′(a_t),  tanh′(a) = 1 − h_t²,  relu′(a) = [h_t &gt; 0]
/// ∂L/∂W_ih += ∂aᵀ·x_t   ∂L/∂W_hh += ∂aᵀ·h_{t−1}   ∂L/∂b_ih = ∂L/∂b_hh += Σ_batch ∂a
/// ∂L/∂x_t = ∂a·W_ih      ∂L/∂h_{t−1} = ∂a·W_hh
/// </code>
/// </summary>
public sealed class RnnCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a cell with PyTorch's default init.</summary>
    /// <param name="inputSize">I, features per time step.</param>
    /// <param name="hiddenSize">H, size of the hidden state.</param>
    /// <param name="rng">Source of the initial weights.</param>
    /// <param name="nonlinearity">φ: tanh (default) or relu.</param>
    /// <param name="nameSuffix">Appended to parameter names, e.g. <c>_l0</c>.</param>
    public RnnCell(int inputSize, int hiddenSize, Rng rng, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, string nameSuffix = "")
        : base(inputSize, hiddenSize, 1, rng, nameSuffix)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>φ, the activation of the hidden state.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    public override bool HasCellState => false;

    /// <inheritdoc />
    public override CellStep<T> Forward(Tensor<T> input, Tensor<T> hidden, Tensor<T>? cell = null)
    {
        CheckStepInputs(input, hidden, cell);
        return ForwardNewStep(new CellStep<T>(input, hidden, null, InputGates(input), null));
    }

    /// <inheritdoc />
    public override CellGradients<T> Backward(CellStep<T> step, Tensor<T> hiddenGrad, Tensor<T>? cellGrad = null)
    {
        CheckStepGrads(step, hiddenGrad, cellGrad);
        return BackwardStep(step, hiddenGrad, cellGrad);
    }

    /// <summary>Step t's h_t is the view of step t of <paramref name="gates"/>: a is activated where it was computed.</summary>
    internal override CellStep<T>[] CreateSequenceSteps(Tensor<T> gates, Tensor<T> previousHiddens, Tensor<T> hiddens,
        Tensor<T>? previousCells, Tensor<T>? cells)
    {
        var steps = new CellStep<T>[gates.Size(0)];
        for (int t = 0; t < steps.Length; t++)
        {
            steps[t] = new CellStep<T>(null, t, previousHiddens[t], null, gates[t], null);
        }

        return steps;
    }

    /// <inheritdoc />
    internal override bool ComputesHiddenInGates => true;

    /// <summary>A float tanh cell whose H the fused rows cover: each step's element-wise work is one <see cref="RnnFusedRows"/> pass.</summary>
    private bool FusedTanh => Nonlinearity == RnnNonlinearity.Tanh && typeof(T) == typeof(float) && FusedLanes.Supports(HiddenSize);

    /// <inheritdoc />
    internal override void ForwardStep(CellStep<T> step, Span<T> scratch, PackedMatrix<T>? hiddenWeight)
    {
        Span<T> h = step.Hidden.AsSpan();
        Span<T> hiddenGates = scratch[..h.Length];
        HiddenProduct(step.PreviousHidden.AsSpan(), step.Hidden.Size(0), hiddenGates, T.Zero, hiddenWeight);
        if (FusedTanh)
        {
            RnnFusedRows.TanhForward(FusedLanes.AsFloat(h), FusedLanes.AsFloat((ReadOnlySpan<T>)hiddenGates), HiddenSize);
            return;
        }

        TensorPrimitives.Add(h, hiddenGates, h);
        if (Nonlinearity == RnnNonlinearity.Tanh)
        {
            Activations.Tanh<T>(h, h);
        }
        else
        {
            TensorPrimitives.Max(h, T.Zero, h);
        }
    }

    /// <inheritdoc />
    internal override void GateGradients(CellStep<T> step, ReadOnlySpan<T> hiddenGrad, ReadOnlySpan<T> cellGrad,
        Span<T> inputGatesGrad, Span<T> hiddenGatesGrad, Span<T> previousCellGrad)
    {
        Span<T> d = inputGatesGrad[..hiddenGrad.Length];
        ReadOnlySpan<T> h = step.Hidden.AsSpan();
        ReadOnlySpan<T> dh = hiddenGrad;
        if (FusedTanh)
        {
            RnnFusedRows.TanhBackward(FusedLanes.AsFloat(h), FusedLanes.AsFloat(dh), FusedLanes.AsFloat(d), HiddenSize);
        }
        else if (Nonlinearity == RnnNonlinearity.Tanh)
        {
            // tanh′(a) = 1 − tanh²(a) = 1 − h², so the cached output is all backward needs.
            TensorPrimitives.Multiply(h, h, d);
            TensorPrimitives.Subtract(T.One, d, d);
            TensorPrimitives.Multiply(d, dh, d);
        }
        else
        {
            for (int i = 0; i < h.Length; i++)
            {
                d[i] = h[i] > T.Zero ? dh[i] : T.Zero;
            }
        }
    }
}
