using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>Settings of <see cref="RmsProp{T}"/>, named and defaulted as <c>torch.optim.RMSprop</c>.</summary>
/// <param name="LearningRate">lr, the step size: finite and &gt; 0.</param>
/// <param name="Alpha">α in [0, 1), the decay of the running mean of g².</param>
/// <param name="Eps">ε &gt; 0, added to the denominator.</param>
/// <param name="WeightDecay">λ ≥ 0, the L2 penalty added to the gradient.</param>
/// <param name="Momentum">μ ≥ 0; 0 turns momentum off.</param>
/// <param name="Centered">Divide by an estimate of the gradient's variance instead of its raw second moment.</param>
public sealed record RmsPropOptions(
    double LearningRate = 1e-2,
    double Alpha = 0.99,
    double Eps = 1e-8,
    double WeightDecay = 0,
    double Momentum = 0,
    bool Centered = false);

/// <summary>
/// RMSProp, as <c>torch.optim.RMSprop</c>. At step t, for each parameter θ with gradient g
/// (v, ḡ and b start at zero):
/// <code>
/// g ← g + λθ                          (if λ ≠ 0)
/// v ← αv + (1 − α)g²
/// ḡ ← αḡ + (1 − α)g,  d ← √(v − ḡ²) + ε   (centered)
///                     d ← √v + ε          (otherwise)
/// b ← μb + g/d,  θ ← θ − lr·b             (if μ &gt; 0)
/// θ ← θ − lr·g/d                          (otherwise)
/// </code>
/// </summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha;
    private readonly T _oneMinusAlpha;
    private readonly T _eps;
    private readonly T _weightDecay;
    private readonly T _momentum;
    private readonly T[][] _squareAverages;
    private readonly T[][]? _gradAverages;
    private readonly T[][]? _buffers;

    /// <summary>Creates the optimizer; its state buffers are allocated here, not in <see cref="Optimizer{T}.Step"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">Hyper-parameters; null means <c>new RmsPropOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range (the message names it).</exception>
    /// <exception cref="ArgumentException">An empty parameter list.</exception>
    public RmsProp(IEnumerable<Parameter<T>> parameters, RmsPropOptions? options = null)
        : base(parameters, (options ?? new RmsPropOptions()).LearningRate, scratchBuffers: 2)
    {
        Options = options ?? new RmsPropOptions();
        HyperParameter.DecayRate(Options.Alpha, Name, nameof(RmsPropOptions.Alpha));
        HyperParameter.Positive(Options.Eps, Name, nameof(RmsPropOptions.Eps));
        HyperParameter.NonNegative(Options.WeightDecay, Name, nameof(RmsPropOptions.WeightDecay));
        HyperParameter.NonNegative(Options.Momentum, Name, nameof(RmsPropOptions.Momentum));
        _alpha = T.CreateChecked(Options.Alpha);
        _oneMinusAlpha = T.CreateChecked(1 - Options.Alpha);
        _eps = T.CreateChecked(Options.Eps);
        _weightDecay = T.CreateChecked(Options.WeightDecay);
        _momentum = T.CreateChecked(Options.Momentum);
        _squareAverages = NewState();
        _gradAverages = Options.Centered ? NewState() : null;
        _buffers = Options.Momentum > 0 ? NewState() : null;
    }

    /// <summary>The hyper-parameters given at construction (the learning rate may since have been changed by a schedule).</summary>
    public RmsPropOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(int index, int t, Span<T> value, ReadOnlySpan<T> grad)
    {
        var scratch = Scratch(0, value.Length);
        var d = Scratch(1, value.Length);
        ReadOnlySpan<T> g = grad;
        if (_weightDecay != T.Zero)
        {
            TensorPrimitives.MultiplyAdd(value, _weightDecay, grad, scratch);
            g = scratch;
        }

        Span<T> v = _squareAverages[index];
        TensorPrimitives.Multiply(g, g, d);
        TensorPrimitives.Multiply(v, _alpha, v);
        TensorPrimitives.MultiplyAdd(d, _oneMinusAlpha, v, v);
        if (_gradAverages is not null)
        {
            Span<T> gBar = _gradAverages[index];
            TensorPrimitives.Multiply(gBar, _alpha, gBar);
            TensorPrimitives.MultiplyAdd(g, _oneMinusAlpha, gBar, gBar);
            TensorPrimitives.Multiply(gBar, gBar, d);
            TensorPrimitives.Subtract(v, d, d);
            TensorPrimitives.Sqrt(d, d);
        }
        else
        {
            TensorPrimitives.Sqrt(v, d);
        }

        TensorPrimitives.Add(d, _eps, d);
        TensorPrimitives.Divide(g, d, d);
        ReadOnlySpan<T> step = d;
        if (_buffers is not null)
        {
            Span<T> b = _buffers[index];
            TensorPrimitives.MultiplyAdd(b, _momentum, d, b);
            step = b;
        }

        TensorPrimitives.MultiplyAdd(step, T.CreateChecked(-LearningRate), value, value);
    }
}
