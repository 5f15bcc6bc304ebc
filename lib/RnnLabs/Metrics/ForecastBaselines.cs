namespace RnnLabs.Metrics;

/// <summary>
/// The baselines every forecasting model must beat, from a training series y of N values over horizon H:
/// <code>
/// naive:           ŷ_{N−1+h} = y_{N−1}                          h = 1..H   (repeat the last value)
/// seasonal naive:  ŷ_{N−1+h} = y_{N−m+((h−1) mod m)}            h = 1..H   (repeat the last season of m values)
/// </code>
/// A model whose error is not below these has learned nothing the calendar did not already know.
/// </summary>
public static class ForecastBaselines
{
    /// <summary>The naive forecast: the last training value, <paramref name="horizon"/> times.</summary>
    /// <exception cref="ArgumentException">An empty or non-finite training series.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> ≤ 0.</exception>
    public static double[] NaiveForecast(ReadOnlySpan<double> train, int horizon)
    {
        const string context = "ForecastBaselines.NaiveForecast";
        CheckTrain(train, horizon, context);
        var forecast = new double[horizon];
        forecast.AsSpan().Fill(train[^1]);
        return forecast;
    }

    /// <summary>The seasonal-naive forecast: the last <paramref name="season"/> training values, repeated over the horizon.</summary>
    /// <exception cref="ArgumentException">A non-finite training series or one shorter than <paramref name="season"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="season"/> or <paramref name="horizon"/> ≤ 0.</exception>
    public static double[] SeasonalNaiveForecast(ReadOnlySpan<double> train, int season, int horizon)
    {
        const string context = "ForecastBaselines.SeasonalNaiveForecast";
        Guard.Positive(season, context, nameof(season));
        CheckTrain(train, horizon, context);
        if (train.Length < season)
        {
            throw new ArgumentException($"{context} train: expected at least season = {season} values, got {train.Length}", nameof(train));
        }

        var lastSeason = train[^season..];
        var forecast = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            forecast[h] = lastSeason[h % season];
        }

        return forecast;
    }

    private static void CheckTrain(ReadOnlySpan<double> train, int horizon, string context)
    {
        Guard.Positive(horizon, context, nameof(horizon));
        MetricChecks.NotEmpty(train, context, nameof(train));
        MetricChecks.Finite(train, context, nameof(train));
    }
}
