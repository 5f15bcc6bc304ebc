using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// A per-feature affine rescaling x′_j = (x_j − shift_j) / scale_j whose shift and scale are learned by
/// <see cref="Fit"/>. Fit on the training split only: statistics taken from validation or test data would
/// leak information about them into training and make the reported scores optimistic. Then apply the same
/// fitted map to every split, and <see cref="InverseTransform"/> to bring predictions back to data units.
/// <para>
/// Features are the last axis: <c>[N, F]</c>, <c>[T, B, F]</c>... and a rank-1 <c>[N]</c> tensor is one
/// feature. A scaler fitted on one feature (F = 1) applies to a tensor of any shape.
/// Statistics are computed in double whatever <typeparamref name="T"/> is.
/// </para>
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _shift;
    private T[]? _scale;

    private protected FeatureScaler()
    {
    }

    /// <summary>True once <see cref="Fit"/> has run.</summary>
    public bool IsFitted => _shift is not null;

    /// <summary>F, the number of features seen by <see cref="Fit"/>.</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public int Features => RequireFitted("Features").Length;

    private string Name => GetType().Name.Split('`')[0];

    /// <summary>Learns the per-feature statistics of <paramref name="train"/> (replacing any earlier fit).</summary>
    /// <param name="train">The training split: at least one row, finite values.</param>
    /// <returns>This scaler, for chaining.</returns>
    /// <exception cref="ArgumentException">Empty, rank 0, or non-finite data.</exception>
    public FeatureScaler<T> Fit(Tensor<T> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rank == 0 || train.Length == 0)
        {
            throw new ArgumentException($"{Name}.Fit train: expected [N] or [N, ..., F] with N ≥ 1, got {train.ShapeString}", nameof(train));
        }

        Guard.Finite(train, $"{Name}.Fit", nameof(train));
        int features = train.Rank == 1 ? 1 : train.Size(-1);
        var columns = new double[features][];
        ReadOnlySpan<T> data = train.AsSpan();
        for (int j = 0; j < features; j++)
        {
            columns[j] = new double[train.Length / features];
            for (int r = 0; r < columns[j].Length; r++)
            {
                columns[j][r] = double.CreateChecked(data[r * features + j]);
            }
        }

        var (shift, scale) = FitColumns(columns);
        _shift = Array.ConvertAll(shift, T.CreateChecked);
        _scale = Array.ConvertAll(scale, T.CreateChecked);
        return this;
    }

    /// <summary>x′ = (x − shift) / scale per feature, into a new tensor of the same shape.</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    /// <exception cref="ArgumentException">The last axis is not the fitted feature count.</exception>
    public Tensor<T> Transform(Tensor<T> values) => Apply(values, inverse: false, "Transform");

    /// <summary>x = x′ · scale + shift per feature, undoing <see cref="Transform"/>.</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    /// <exception cref="ArgumentException">The last axis is not the fitted feature count.</exception>
    public Tensor<T> InverseTransform(Tensor<T> values) => Apply(values, inverse: true, "InverseTransform");

    /// <summary>
    /// Undoes the transform of feature <paramref name="feature"/> on every element of <paramref name="values"/>,
    /// for predictions of a single feature such as forecast targets <c>[B, horizon]</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feature"/> is not in [0, F).</exception>
    public Tensor<T> InverseTransformFeature(Tensor<T> values, int feature)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shift = RequireFitted(nameof(InverseTransformFeature));
        Guard.InRange(feature, 0, shift.Length - 1, $"{Name}.{nameof(InverseTransformFeature)}", nameof(feature));
        var result = values.Clone();
        var span = result.AsSpan();
        TensorPrimitives.Multiply(span, _scale![feature], span);
        TensorPrimitives.Add(span, shift[feature], span);
        return result;
    }

    /// <summary>
    /// Per-feature shift and scale from the training values of each feature (every column has at least one
    /// value, all finite); the derived scaler keeps its own statistics here too.
    /// </summary>
    private protected abstract (double[] Shift, double[] Scale) FitColumns(double[][] columns);

    private Tensor<T> Apply(Tensor<T> values, bool inverse, string operation)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shift = RequireFitted(operation);
        var scale = _scale!;
        int features = shift.Length;
        if (features > 1 && (values.Rank == 0 || values.Size(-1) != features))
        {
            throw new ArgumentException(
                $"{Name}.{operation} values: expected [..., {features}] (last axis = fitted features), got {values.ShapeString}", nameof(values));
        }

        var result = values.Clone();
        var span = result.AsSpan();
        if (features == 1)
        {
            // One fitted feature applies to every element, whatever the shape.
            if (inverse)
            {
                TensorPrimitives.Multiply(span, scale[0], span);
                TensorPrimitives.Add(span, shift[0], span);
            }
            else
            {
                TensorPrimitives.Subtract(span, shift[0], span);
                TensorPrimitives.Divide(span, scale[0], span);
            }

            return result;
        }

        for (int start = 0; start < span.Length; start += features)
        {
            var row = span.Slice(start, features);
            if (inverse)
            {
                TensorPrimitives.Multiply(row, scale, row);
                TensorPrimitives.Add(row, shift, row);
            }
            else
            {
                TensorPrimitives.Subtract(row, shift, row);
                TensorPrimitives.Divide(row, scale, row);
            }
        }

        return result;
    }

    private T[] RequireFitted(string operation) => _shift ?? throw new InvalidOperationException(
        $"{Name}.{operation}: the scaler is not fitted; call Fit on the training split first");
}
