using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>Settings of <see cref="AdamW{T}"/>, named and defaulted as <c>torch.optim.AdamW</c> (betas split in two).</summary>
/// <param name="LearningRate">lr, the step size: finite and &gt; 0.</param>
/// <param name="Beta1">β₁ in [0, 1), the decay of the first moment m.</param>
/// <param name="Beta2">β₂ in [0, 1), the decay of the second moment v.</param>
/// <param name="Eps">ε &gt; 0, added to the denominator.</param>
/// <param name="WeightDecay">λ ≥ 0, the decoupled decay rate: θ shrinks by lr·λ·θ each step.</param>
public sealed record AdamWOptions(
    double LearningRate = 1e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double WeightDecay = 1e-2);

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), as <c>torch.optim.AdamW</c>. At step t, for each
/// parameter θ with gradient g (m and v start at zero):
/// <code>
/// θ ← θ − lr·λ·θ
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
/// θ ← θ − lr·m̂/(√v̂ + ε)
/// </code>
/// Unlike <see cref="Adam{T}"/>'s L2 term, the decay never enters m or v, so every weight shrinks at the same
/// rate whatever its gradient history.
/// </summary>
public sealed class AdamW<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _firstMoments;
    private readonly T[][] _secondMoments;

    /// <summary>Creates the optimizer; m and v are allocated here, not in <see cref="Optimizer{T}.Step"/>.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">Hyper-parameters; null means <c>new AdamWOptions()</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is outside its range (the message names it).</exception>
    /// <exception cref="ArgumentException">An empty parameter list.</exception>
    public AdamW(IEnumerable<Parameter<T>> parameters, AdamWOptions? options = null)
        : base(parameters, (options ?? new AdamWOptions()).LearningRate, scratchBuffers: 1)
    {
        Options = options ?? new AdamWOptions();
        HyperParameter.DecayRate(Options.Beta1, Name, nameof(AdamWOptions.Beta1));
        HyperParameter.DecayRate(Options.Beta2, Name, nameof(AdamWOptions.Beta2));
        HyperParameter.Positive(Options.Eps, Name, nameof(AdamWOptions.Eps));
        HyperParameter.NonNegative(Options.WeightDecay, Name, nameof(AdamWOptions.WeightDecay));
        _firstMoments = NewState();
        _secondMoments = NewState();
    }

    /// <summary>The hyper-parameters given at construction (the learning rate may since have been changed by a schedule).</summary>
    public AdamWOptions Options { get; }

    /// <inheritdoc />
    protected override void Update(int index, int t, Span<T> value, ReadOnlySpan<T> grad)
    {
        if (Options.WeightDecay != 0)
        {
            TensorPrimitives.Multiply(value, T.CreateChecked(1 - LearningRate * Options.WeightDecay), value);
        }

        AdamUpdate.Apply(
            value, grad, _firstMoments[index], _secondMoments[index], Scratch(0, value.Length),
            LearningRate, Options.Beta1, Options.Beta2, Options.Eps, t);
    }
}
