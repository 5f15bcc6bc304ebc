using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// Inverted dropout, as PyTorch's <c>nn.Dropout</c>. In training each element is kept with probability
/// 1 − p and scaled so its expectation is unchanged; in evaluation the layer is the identity:
/// <code>
/// m_i = [u_i ≥ p] / (1 − p),  u_i ~ U(0, 1)      y = x ⊙ m      ∂L/∂x = ∂L/∂y ⊙ m
/// </code>
/// Scaling at training time (rather than multiplying by 1 − p at evaluation) keeps inference untouched.
/// </summary>
public sealed class Dropout<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Rng _rng;
    private Tensor<T>? _mask;
    private int[]? _shape;
    private bool _masked;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    /// <param name="rng">Source of the masks: the same seed gives the same masks.</param>
    public Dropout(double p, Rng rng)
    {
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout p: expected a probability in [0, 1), got {p}");
        }

        ArgumentNullException.ThrowIfNull(rng);
        P = p;
        _rng = rng;
    }

    /// <summary>p, the probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>
    /// In training (and p &gt; 0) draws a fresh mask m and returns x ⊙ m; otherwise returns
    /// <paramref name="input"/> itself.
    /// </summary>
    public Tensor<T> Forward(Tensor<T> input, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        _shape = input.Shape.ToArray();
        _masked = training && P > 0;
        if (!_masked)
        {
            return input;
        }

        if (_mask is null || _mask.Length != input.Length)
        {
            _mask = new Tensor<T>(input.Length);
        }

        Span<T> m = _mask.AsSpan();
        T scale = T.One / T.CreateChecked(1 - P);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = _rng.NextDouble() < P ? T.Zero : scale;
        }

        var output = new Tensor<T>(_shape);
        TensorPrimitives.Multiply(input.AsSpan(), m, output.AsSpan());
        return output;
    }

    /// <summary>∂L/∂x = ∂L/∂y ⊙ m with the mask of the latest Forward (∂L/∂y itself when that was the identity).</summary>
    public Tensor<T> Backward(Tensor<T> outputGrad)
    {
        if (_shape is null)
        {
            throw new InvalidOperationException("Dropout.Backward called before Forward");
        }

        Guard.Shape(outputGrad, "Dropout", nameof(outputGrad), "the shape of the latest output", _shape);
        if (!_masked)
        {
            return outputGrad;
        }

        var inputGrad = new Tensor<T>(_shape);
        TensorPrimitives.Multiply(outputGrad.AsSpan(), _mask!.AsSpan(), inputGrad.AsSpan());
        return inputGrad;
    }

    /// <summary>None: dropout has no parameters.</summary>
    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters() => [];
}
