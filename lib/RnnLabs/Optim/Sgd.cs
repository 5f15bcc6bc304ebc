using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>Settings of <see cref="Sgd{T}"/>, named and defaulted as <c>torch.optim.SGD</c>.</summary>
/// <param name="LearningRate">lr, the step size: finite and &gt; 0.</param>
/// <param name="Momentum">μ ≥ 0; 0 turns momentum off.</param>
/// <param name="Dampening">τ in [0, 1]: the share of the gradient held back from the momentum buffer.</param>
/// <param name="Nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0.</param>
/// <param name="WeightDecay">λ ≥ 0, the L2 penalty added to the gradient.</param>
public sealed record SgdOptions(
    double LearningRate = 1e-3,
    double Momentum = 0,
    double Dampening = 0,
    bool Nesterov = false,
    double WeightDecay = 0);

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as
/// <c>torch.optim.SGD</c>. At step t, for each parameter θ with gradient g:
/// <code>
/// g ← g + λθ                          (if λ ≠ 0)
/// b ← g                               (t = 1, if μ ≠ 0)
/// b ← μb + (1 − τ)g                   (t &gt; 1, if μ ≠ 0)
/// g ← g + μb   (Nesterov)   or   g ← b   (plain momentum)
/// θ ← θ − lr·g
/// </code>
/// </summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T _retained;
    private readonly T _weightDecay;
    private readonly bool _nesterov;
    private readonly T[][]? _buffers;

    /// <summary>Creates the optimizer; momentum buffers are allocated here, not in <see cref="Optimizer{T}.Step"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">Hyper-parameters; null means <c>new SgdOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range (the message names it).</exception>
    /// <exception cref="ArgumentException">Nesterov without momentum or with dampening; an empty parameter list.</exception>
    public Sgd(IEnumerable<Parameter<T>> parameters, SgdOptions? options = null)
        : base(parameters, (options ?? new SgdOptions()).LearningRate, scratchBuffers: 1)
    {
        Options = options ?? new SgdOptions();
        HyperParameter.NonNegative(Options.Momentum, Name, nameof(SgdOptions.Momentum));
        HyperParameter.Fraction(Options.Dampening, Name, nameof(SgdOptions.Dampening));
        HyperParameter.NonNegative(Options.WeightDecay, Name, nameof(SgdOptions.WeightDecay));
        if (Options.Nesterov && (Options.Momentum <= 0 || Options.Dampening != 0))
        {
            throw new ArgumentException(
                $"{Name} Nesterov: expected Momentum > 0 and Dampening = 0, got Momentum = {Options.Momentum}, Dampening = {Options.Dampening}",
                nameof(SgdOptions.Nesterov));
        }

        _momentum = T.CreateChecked(Options.Momentum);
        _retained = T.CreateChecked(1 - Options.Dampening);
        _weightDecay = T.CreateChecked(Options.WeightDecay);
        _nesterov = Options.Nesterov;
        _buffers = Options.Momentum != 0 ? NewState() : null;
    }

    /// <summary>The hyper-parameters given at construction (the learning rate may since have been changed by a schedule).</summary>
    public SgdOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(int index, int t, Span<T> value, ReadOnlySpan<T> grad)
    {
        var scratch = Scratch(0, value.Length);
        ReadOnlySpan<T> g = grad;
        if (_weightDecay != T.Zero)
        {
            TensorPrimitives.MultiplyAdd(value, _weightDecay, grad, scratch);
            g = scratch;
        }

        if (_buffers is not null)
        {
            Span<T> b = _buffers[index];
            if (t == 1)
            {
                g.CopyTo(b);
            }
            else
            {
                TensorPrimitives.Multiply(b, _momentum, b);
                TensorPrimitives.MultiplyAdd(g, _retained, b, b);
            }

            if (_nesterov)
            {
                TensorPrimitives.MultiplyAdd(b, _momentum, g, scratch);
                g = scratch;
            }
            else
            {
                g = b;
            }
        }

        TensorPrimitives.MultiplyAdd(g, T.CreateChecked(-LearningRate), value, value);
    }
}
