using System.Numerics;

namespace RnnLabs.Data;

/// <summary>
/// Standardisation, as scikit-learn's <c>StandardScaler</c>: per feature j, fitted on the training split only
/// (see <see cref="FeatureScaler{T}"/> for why),
/// <code>
/// μ_j = (1/N) Σ_n x_nj      σ_j = √((1/N) Σ_n (x_nj − μ_j)²)   (population std, ddof = 0)
/// x′_j = (x_j − μ_j) / σ_j
/// </code>
/// A feature whose training values are all equal gets σ_j = 1 (scikit-learn does the same): it is centred but
/// not scaled, so its training values become 0 and nothing divides by zero.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class StandardScaler<T> : FeatureScaler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private double[] _mean = [];
    private double[] _std = [];

    /// <summary>μ_j per feature from the last fit (empty before).</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>σ_j per feature from the last fit, as used to divide (1 for a constant feature; empty before).</summary>
    public IReadOnlyList<double> Std => _std;

    private protected override (double[] Shift, double[] Scale) FitColumns(double[][] columns)
    {
        var mean = new double[columns.Length];
        var std = new double[columns.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            double[] x = columns[j];
            mean[j] = TensorPrimitives.Sum<double>(x) / x.Length;
            // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] − E[x]².
            var deviation = new double[x.Length];
            TensorPrimitives.Subtract(x, mean[j], deviation);
            bool constant = TensorPrimitives.Min<double>(x) == TensorPrimitives.Max<double>(x);
            std[j] = constant ? 1.0 : Math.Sqrt(TensorPrimitives.SumOfSquares<double>(deviation) / x.Length);
        }

        _mean = mean;
        _std = std;
        return (mean, std);
    }
}
