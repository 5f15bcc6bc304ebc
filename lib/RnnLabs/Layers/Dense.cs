using System.Numerics;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// A fully connected layer over the last axis, as PyTorch's <c>nn.Linear</c>:
/// <code>
/// y = x·Wᵀ + b          x [..., in], W [out, in], b [out], y [..., out]
/// </code>
/// Leading axes are flattened into rows, so a time-major sequence <c>[T, B, in]</c> is one GEMM
/// over T·B rows. Backward, given ∂L/∂y:
/// <code>
/// ∂L/∂W += ∂yᵀ·x      ∂L/∂b += Σ_rows ∂y      ∂L/∂x = ∂y·W
/// </code>
/// </summary>
public sealed class Dense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor<T>? _input;
    private int[]? _outputShape;

    /// <summary>Creates the layer with PyTorch's default init: W and b from U(−1/√in, 1/√in).</summary>
    /// <param name="inFeatures">in, size of the last input axis.</param>
    /// <param name="outFeatures">out, size of the last output axis.</param>
    /// <param name="rng">Source of the initial weights.</param>
    public Dense(int inFeatures, int outFeatures, Rng rng)
    {
        Guard.Positive(inFeatures, nameof(Dense<T>), nameof(inFeatures));
        Guard.Positive(outFeatures, nameof(Dense<T>), nameof(outFeatures));
        ArgumentNullException.ThrowIfNull(rng);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = new Parameter<T>("weight", rng.Uniform<T>(-bound, bound, outFeatures, inFeatures));
        Bias = new Parameter<T>("bias", rng.Uniform<T>(-bound, bound, outFeatures));
    }

    /// <summary>in, size of the last input axis.</summary>
    public int InFeatures { get; }

    /// <summary>out, size of the last output axis.</summary>
    public int OutFeatures { get; }

    /// <summary>W, [out, in].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>b, [out].</summary>
    public Parameter<T> Bias { get; }

    /// <summary>y = x·Wᵀ + b for x of shape <c>[..., in]</c>; y has shape <c>[..., out]</c>.</summary>
    /// <remarks>The input is kept by reference for <see cref="Backward"/>: do not change it in between.</remarks>
    public Tensor<T> Forward(Tensor<T> input, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Size(-1) != InFeatures)
        {
            throw new ArgumentException(
                $"Dense input: expected [..., {InFeatures}] (leading axes, inFeatures), got {input.ShapeString}", nameof(input));
        }

        var outputShape = input.Shape.ToArray();
        outputShape[^1] = OutFeatures;
        var output = new Tensor<T>(outputShape);
        int rows = input.Length / InFeatures;
        Gemm.Multiply(false, true, rows, OutFeatures, InFeatures, T.One,
            input.AsSpan(), InFeatures, Weight.Value.AsSpan(), InFeatures, T.Zero, output.AsSpan(), OutFeatures,
            rowBias: Bias.Value.AsSpan());
        _input = input;
        _outputShape = outputShape;
        return output;
    }

    /// <summary>Accumulates ∂L/∂W and ∂L/∂b and returns ∂L/∂x = ∂y·W, shaped like the latest input.</summary>
    public Tensor<T> Backward(Tensor<T> outputGrad)
    {
        if (_input is null || _outputShape is null)
        {
            throw new InvalidOperationException("Dense.Backward called before Forward");
        }

        Guard.Shape(outputGrad, "Dense", nameof(outputGrad), "the shape of the latest output", _outputShape);
        int rows = _input.Length / InFeatures;
        ReadOnlySpan<T> dy = outputGrad.AsSpan();
        Gemm.Multiply(true, false, OutFeatures, InFeatures, rows, T.One,
            dy, OutFeatures, _input.AsSpan(), InFeatures, T.One, Weight.Grad.AsSpan(), InFeatures);
        RowOps.AccumulateColumnSums(dy, OutFeatures, Bias.Grad.AsSpan());
        var inputGrad = new Tensor<T>(_input.Shape.ToArray());
        Gemm.Multiply(false, false, rows, InFeatures, OutFeatures, T.One,
            dy, OutFeatures, Weight.Value.AsSpan(), InFeatures, T.Zero, inputGrad.AsSpan(), InFeatures);
        return inputGrad;
    }

    /// <summary><c>weight</c> then <c>bias</c>, as in PyTorch.</summary>
    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        yield return (Weight.Name, Weight);
        yield return (Bias.Name, Bias);
    }
}
