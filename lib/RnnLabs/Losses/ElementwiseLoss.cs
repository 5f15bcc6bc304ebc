using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Losses;

/// <summary>
/// A loss that is the masked mean of one term per element, ℓ(p_i, y_i):
/// <code>
/// L = (1/N) Σ_{i : mask_i = 1} ℓ(p_i, y_i),   N = Σ_i mask_i
/// ∂L/∂p_i = mask_i · ℓ′(p_i, y_i) / N
/// </code>
/// With N = 0 (everything masked) L = 0 and the gradient is zero, not 0/0 = NaN.
/// Subclasses give ℓ and ℓ′; this class does the checks, the mask and the mean.
/// </summary>
public abstract class ElementwiseLoss<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name used in error messages.</summary>
    private string Context => GetType().Name.Split('`')[0];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Shapes differ, a prediction is not finite, or the mask is not 0/1 shaped like target.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A counted target is outside the loss's domain.</exception>
    public LossResult<T> Compute(Tensor<T> prediction, Tensor<T> target, Tensor<T>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.SameShape(target))
        {
            throw new ArgumentException(
                $"{Context} target: expected {prediction.ShapeString} (the shape of prediction), got {target.ShapeString}",
                nameof(target));
        }

        Guard.Finite(prediction, Context, nameof(prediction));
        LossMask.Check(mask, target, Context);
        int count = CheckTargets(target, mask);

        var gradient = new Tensor<T>(prediction.Shape.ToArray());
        if (count == 0)
        {
            return new LossResult<T>(0, gradient);
        }

        ReadOnlySpan<T> p = prediction.AsSpan();
        ReadOnlySpan<T> y = target.AsSpan();
        Span<T> g = gradient.AsSpan();

        // The gradient tensor doubles as the buffer for the per-element terms, so nothing else is allocated.
        ElementLosses(p, y, g);
        LossMask.Apply(g, mask);
        double value = double.CreateChecked(TensorPrimitives.Sum<T>(g)) / count;

        ElementGradients(p, y, g);
        LossMask.Apply(g, mask);
        TensorPrimitives.Multiply(g, T.One / T.CreateChecked(count), g);
        return new LossResult<T>(value, gradient);
    }

    /// <summary>True when <paramref name="target"/> is a value ℓ is defined for.</summary>
    protected virtual bool IsValidTarget(T target) => T.IsFinite(target);

    /// <summary>What <see cref="IsValidTarget"/> accepts, for the error message (e.g. <c>finite values</c>).</summary>
    protected virtual string ValidTargets => "finite values";

    /// <summary>Writes ℓ(p_i, y_i) for every element into <paramref name="losses"/>.</summary>
    protected abstract void ElementLosses(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> losses);

    /// <summary>Writes ℓ′(p_i, y_i) = ∂ℓ/∂p_i for every element into <paramref name="gradients"/>.</summary>
    protected abstract void ElementGradients(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> gradients);

    /// <summary>Checks the counted targets and returns N, how many elements count.</summary>
    private int CheckTargets(Tensor<T> target, Tensor<T>? mask)
    {
        ReadOnlySpan<T> y = target.AsSpan();
        int count = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (!LossMask.Counts(mask, i))
            {
                continue;
            }

            if (!IsValidTarget(y[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(target), y[i],
                    $"{Context} target: expected {ValidTargets}, got {y[i]} at position " +
                    $"{TensorPosition.Format(i, target.Shape)} of {target.ShapeString}");
            }

            count++;
        }

        return count;
    }
}
