namespace RnnLabs.Metrics;

/// <summary>
/// Point-forecast errors of a forecast F against the actual values A, both of length n:
/// <code>
/// MAE   = (1/n) Σ |A_t − F_t|                 MSE = (1/n) Σ (A_t − F_t)²      RMSE = √MSE
/// MAPE  = (100/n) Σ |A_t − F_t| / |A_t|                                        (percent)
/// sMAPE = (200/n) Σ |F_t − A_t| / (|A_t| + |F_t|),  a 0/0 term counts 0       (percent, 0..200)
/// MASE  = MAE / ((1/(N − m)) Σ_{t=m}^{N−1} |y_t − y_{t−m}|)                   (y: the training series, N long)
/// </code>
/// MASE divides by the in-sample error of the seasonal-naive forecast (season m; m = 1 is the naive forecast),
/// so MASE &lt; 1 means better than that baseline was on the training data.
/// </summary>
public static class ForecastMetrics
{
    /// <summary>Mean absolute error, (1/n) Σ |A_t − F_t|.</summary>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, or non-finite values.</exception>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) =>
        TensorPrimitives.SumOfMagnitudes<double>(Errors(actual, forecast, "ForecastMetrics.Mae")) / actual.Length;

    /// <summary>Mean squared error, (1/n) Σ (A_t − F_t)².</summary>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, or non-finite values.</exception>
    public static double Mse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) =>
        TensorPrimitives.SumOfSquares<double>(Errors(actual, forecast, "ForecastMetrics.Mse")) / actual.Length;

    /// <summary>Root mean squared error, √MSE, in the units of the data.</summary>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, or non-finite values.</exception>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) =>
        Math.Sqrt(TensorPrimitives.SumOfSquares<double>(Errors(actual, forecast, "ForecastMetrics.Rmse")) / actual.Length);

    /// <summary>
    /// Mean absolute percentage error in percent, (100/n) Σ |A_t − F_t| / |A_t|. It is undefined when an actual
    /// value is 0, so that is an error here; scikit-learn instead divides by machine epsilon and returns a
    /// meaningless huge number (and a fraction, not a percent). Use <see cref="Smape"/> or <see cref="Mase"/> for
    /// series that touch 0.
    /// </summary>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, non-finite values, or an actual value of 0 (named with its index).</exception>
    public static double Mape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        const string context = "ForecastMetrics.Mape";
        double[] errors = Errors(actual, forecast, context);
        for (int t = 0; t < actual.Length; t++)
        {
            if (actual[t] == 0)
            {
                throw new ArgumentException(
                    $"{context} actual: expected non-zero values (MAPE divides by |A_t|), got 0 at index {t}; use sMAPE or MASE", nameof(actual));
            }
        }

        double[] magnitudes = actual.ToArray();
        TensorPrimitives.Abs<double>(magnitudes, magnitudes);
        TensorPrimitives.Abs<double>(errors, errors);
        TensorPrimitives.Divide<double>(errors, magnitudes, errors);
        return 100.0 * TensorPrimitives.Sum<double>(errors) / actual.Length;
    }

    /// <summary>
    /// Symmetric MAPE in percent, (200/n) Σ |F_t − A_t| / (|A_t| + |F_t|), between 0 and 200; a term with
    /// A_t = F_t = 0 is a perfect forecast and counts 0 (rather than 0/0).
    /// </summary>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, or non-finite values.</exception>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        double[] errors = Errors(actual, forecast, "ForecastMetrics.Smape");
        double sum = 0;
        for (int t = 0; t < actual.Length; t++)
        {
            double denominator = Math.Abs(actual[t]) + Math.Abs(forecast[t]);
            sum += denominator == 0 ? 0 : Math.Abs(errors[t]) / denominator;
        }

        return 200.0 * sum / actual.Length;
    }

    /// <summary>
    /// Mean absolute scaled error (Hyndman &amp; Koehler, 2006): the forecast's MAE divided by the in-sample MAE of
    /// the seasonal-naive forecast ŷ_t = y_{t−m} on the training series y.
    /// </summary>
    /// <param name="actual">A, the actual values over the forecast horizon.</param>
    /// <param name="forecast">F, the forecast, same length.</param>
    /// <param name="train">y, the training series that preceded the horizon; longer than <paramref name="season"/>.</param>
    /// <param name="season">m, the seasonal period (1: the naive, last-value forecast).</param>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, non-finite values, a training series of
    /// at most m values, or one whose seasonal-naive error is 0 (the scale would divide by zero).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="season"/> ≤ 0.</exception>
    public static double Mase(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, ReadOnlySpan<double> train, int season = 1)
    {
        const string context = "ForecastMetrics.Mase";
        double mae = TensorPrimitives.SumOfMagnitudes<double>(Errors(actual, forecast, context)) / actual.Length;
        Guard.Positive(season, context, nameof(season));
        MetricChecks.Finite(train, context, nameof(train));
        if (train.Length <= season)
        {
            throw new ArgumentException(
                $"{context} train: expected more than season = {season} values, got {train.Length}", nameof(train));
        }

        var seasonalErrors = new double[train.Length - season];
        TensorPrimitives.Subtract(train[season..], train[..^season], seasonalErrors);
        double scale = TensorPrimitives.SumOfMagnitudes<double>(seasonalErrors) / seasonalErrors.Length;
        if (scale == 0)
        {
            throw new ArgumentException(
                $"{context} train: expected a series whose seasonal-naive error (season = {season}) is > 0, got 0 (it repeats exactly), so MASE is undefined",
                nameof(train));
        }

        return mae / scale;
    }

    /// <summary>Checks the pair and returns the errors A_t − F_t.</summary>
    private static double[] Errors(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, string context)
    {
        MetricChecks.Pair(actual, nameof(actual), forecast, nameof(forecast), context);
        var errors = new double[actual.Length];
        TensorPrimitives.Subtract(actual, forecast, errors);
        return errors;
    }
}
