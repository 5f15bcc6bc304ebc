using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>Settings of <see cref="Adam{T}"/>, named and defaulted as <c>torch.optim.Adam</c> (betas split in two).</summary>
/// <param name="LearningRate">lr, the step size: finite and &gt; 0.</param>
/// <param name="Beta1">β₁ in [0, 1), the decay of the first moment m.</param>
/// <param name="Beta2">β₂ in [0, 1), the decay of the second moment v.</param>
/// <param name="Eps">ε &gt; 0, added to the denominator.</param>
/// <param name="WeightDecay">λ ≥ 0, the L2 penalty added to the gradient (coupled: it is rescaled by √v̂ like the rest of g).</param>
public sealed record AdamOptions(
    double LearningRate = 1e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double WeightDecay = 0);

/// <summary>
/// Adam with L2 weight decay folded into the gradient, as <c>torch.optim.Adam</c>. At step t, for each parameter θ
/// with gradient g (m and v start at zero):
/// <code>
/// g ← g + λθ                          (if λ ≠ 0)
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
/// θ ← θ − lr·m̂/(√v̂ + ε)
/// </code>
/// For decay that is not rescaled by √v̂, use <see cref="AdamW{T}"/>.
/// </summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _weightDecay;
    private readonly T[][] _firstMoments;
    private readonly T[][] _secondMoments;

    /// <summary>Creates the optimizer; m and v are allocated here, not in <see cref="Optimizer{T}.Step"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">Hyper-parameters; null means <c>new AdamOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range (the message names it).</exception>
    /// <exception cref="ArgumentException">An empty parameter list.</exception>
    public Adam(IEnumerable<Parameter<T>> parameters, AdamOptions? options = null)
        : base(parameters, (options ?? new AdamOptions()).LearningRate, scratchBuffers: 2)
    {
        Options = options ?? new AdamOptions();
        HyperParameter.DecayRate(Options.Beta1, Name, nameof(AdamOptions.Beta1));
        HyperParameter.DecayRate(Options.Beta2, Name, nameof(AdamOptions.Beta2));
        HyperParameter.Positive(Options.Eps, Name, nameof(AdamOptions.Eps));
        HyperParameter.NonNegative(Options.WeightDecay, Name, nameof(AdamOptions.WeightDecay));
        _weightDecay = T.CreateChecked(Options.WeightDecay);
        _firstMoments = NewState();
        _secondMoments = NewState();
    }

    /// <summary>The hyper-parameters given at construction (the learning rate may since have been changed by a schedule).</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(int index, int t, Span<T> value, ReadOnlySpan<T> grad)
    {
        var scratch = Scratch(1, value.Length);
        ReadOnlySpan<T> g = grad;
        if (_weightDecay != T.Zero)
        {
            var decayed = Scratch(0, value.Length);
            TensorPrimitives.MultiplyAdd(value, _weightDecay, grad, decayed);
            g = decayed;
        }

        AdamUpdate.Apply(
            value, g, _firstMoments[index], _secondMoments[index], scratch,
            LearningRate, Options.Beta1, Options.Beta2, Options.Eps, t);
    }
}
