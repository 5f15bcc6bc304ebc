using System.Numerics;

namespace RnnLabs.Data;

/// <summary>
/// Min–max scaling to [a, b], as scikit-learn's <c>MinMaxScaler</c>: per feature j, fitted on the training
/// split only (see <see cref="FeatureScaler{T}"/> for why),
/// <code>
/// x′_j = a + (x_j − min_j) · (b − a) / (max_j − min_j)
/// </code>
/// Values outside the training range map outside [a, b] (they are not clipped), which is what a forecast on
/// a trending series needs. A feature whose training values are all equal (max_j = min_j) uses a range of 1
/// instead (scikit-learn does the same): its training values map to a and other values keep their distance from it,
/// times (b − a).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class MinMaxScaler<T> : FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[] _min = [];
    private double[] _max = [];

    /// <summary>Creates a scaler to the range [<paramref name="low"/>, <paramref name="high"/>] (default [0, 1]).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not finite or <paramref name="high"/> ≤ <paramref name="low"/>.</exception>
    public MinMaxScaler(double low = 0, double high = 1)
    {
        if (!double.IsFinite(low))
        {
            throw new ArgumentOutOfRangeException(nameof(low), low, $"MinMaxScaler low: expected a finite value, got {low}");
        }

        if (!double.IsFinite(high) || high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"MinMaxScaler high: expected a finite value > low = {low}, got {high}");
        }

        Low = low;
        High = high;
    }

    /// <summary>a, where each feature's training minimum lands.</summary>
    public double Low { get; }

    /// <summary>b, where each feature's training maximum lands.</summary>
    public double High { get; }

    /// <summary>min_j per feature from the last fit (empty before).</summary>
    public IReadOnlyList<double> DataMin => _min;

    /// <summary>max_j per feature from the last fit (empty before).</summary>
    public IReadOnlyList<double> DataMax => _max;

    private protected override (double[] Shift, double[] Scale) FitColumns(double[][] columns)
    {
        var min = new double[columns.Length];
        var max = new double[columns.Length];
        var shift = new double[columns.Length];
        var scale = new double[columns.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            min[j] = TensorPrimitives.Min<double>(columns[j]);
            max[j] = TensorPrimitives.Max<double>(columns[j]);
            double range = max[j] > min[j] ? max[j] - min[j] : 1.0;
            // a + (x − min)(b − a)/range = (x − shift)/scale with scale = range/(b − a), shift = min − a·scale.
            scale[j] = range / (High - Low);
            shift[j] = min[j] - Low * scale[j];
        }

        _min = min;
        _max = max;
        return (shift, scale);
    }
}
