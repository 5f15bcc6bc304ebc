using RnnLabs.Metrics;

namespace RnnLabs.Tests.Metrics;

public class ForecastMetricsTests
{
    private const double Tolerance = 1e-10;

    // scikit-learn's documentation example.
    private static readonly double[] Actual = [3, -0.5, 2, 7];
    private static readonly double[] Forecast = [2.5, 0.0, 2, 8];

    [Fact]
    public void MaeMseRmse_MatchHandComputedValues()
    {
        // |errors| = 0.5, 0.5, 0, 1.
        Assert.Equal((0.5 + 0.5 + 0 + 1) / 4, ForecastMetrics.Mae(Actual, Forecast), Tolerance);
        Assert.Equal((0.25 + 0.25 + 0 + 1) / 4, ForecastMetrics.Mse(Actual, Forecast), Tolerance);
        Assert.Equal(Math.Sqrt((0.25 + 0.25 + 0 + 1) / 4), ForecastMetrics.Rmse(Actual, Forecast), Tolerance);
    }

    [Fact]
    public void Mape_IsMeanRelativeErrorInPercent()
    {
        double expected = 100.0 / 4 * (0.5 / 3 + 0.5 / 0.5 + 0 / 2.0 + 1 / 7.0);
        Assert.Equal(expected, ForecastMetrics.Mape(Actual, Forecast), Tolerance);
        Assert.Equal(32.738095238095238, expected, 1e-12);
    }

    [Fact]
    public void Smape_ZeroOverZeroTermCountsZero()
    {
        double[] actual = [0, 2, 4, -1];
        double[] forecast = [0, 1, 5, 1];
        // Terms |F − A| / (|A| + |F|): 0/0 → 0, 1/3, 1/9, 2/2.
        double expected = 200.0 / 4 * (0 + 1.0 / 3 + 1.0 / 9 + 1.0);
        Assert.Equal(expected, ForecastMetrics.Smape(actual, forecast), Tolerance);
    }

    [Fact]
    public void Mase_Season1_ScalesByInSampleNaiveError()
    {
        double[] train = [1, 3, 2, 5, 4];
        // Naive in-sample |y_t − y_{t−1}| = 2, 1, 3, 1 → 7/4; forecast MAE = (|6 − 4| + |5 − 4|)/2 = 3/2.
        double expected = (3.0 / 2) / (7.0 / 4);
        Assert.Equal(expected, ForecastMetrics.Mase([6, 5], [4, 4], train), Tolerance);
    }

    [Fact]
    public void Mase_Season4_ScalesByInSampleSeasonalNaiveError()
    {
        double[] train = [10, 20, 30, 40, 12, 18, 33, 41];
        // |y_t − y_{t−4}| = 2, 2, 3, 1 → 2; forecast MAE = (|11 − 12| + |22 − 20|)/2 = 3/2.
        double expected = (3.0 / 2) / 2.0;
        Assert.Equal(expected, ForecastMetrics.Mase([11, 22], [12, 20], train, season: 4), Tolerance);
    }

    [Fact]
    public void NaiveForecast_RepeatsLastValue()
    {
        Assert.Equal([4.0, 4.0, 4.0], ForecastBaselines.NaiveForecast([1, 3, 2, 5, 4], 3));
    }

    [Fact]
    public void SeasonalNaiveForecast_RepeatsLastSeason()
    {
        double[] train = [10, 20, 30, 40, 12, 18, 33, 41];
        Assert.Equal([12.0, 18, 33, 41, 12, 18], ForecastBaselines.SeasonalNaiveForecast(train, 4, 6));
        Assert.Equal([41.0, 41], ForecastBaselines.SeasonalNaiveForecast(train, 1, 2));
    }

    [Fact]
    public void Mape_ZeroActual_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mape([1, 0, 2], [1, 1, 1]));
        Assert.Equal("actual", ex.ParamName);
        Assert.Contains("non-zero", ex.Message);
        Assert.Contains("got 0 at index 1", ex.Message);
    }

    [Fact]
    public void Mae_LengthMismatch_NamesBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mae([1, 2, 3], [1, 2]));
        Assert.Equal("forecast", ex.ParamName);
        Assert.Contains("expected 3 values (the length of actual), got 2", ex.Message);
    }

    [Fact]
    public void Mse_NonFinite_ThrowsNamingArgumentAndIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mse([1, 2], [1, double.NaN]));
        Assert.Equal("forecast", ex.ParamName);
        Assert.Contains("got NaN at index 1", ex.Message);
    }

    [Fact]
    public void Smape_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Smape([], []));
        Assert.Equal("actual", ex.ParamName);
        Assert.Contains("got none", ex.Message);
    }

    [Fact]
    public void Mase_TrainNotLongerThanSeason_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mase([1], [1], [1, 2, 3, 4], season: 4));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("more than season = 4", ex.Message);
        Assert.Contains("got 4", ex.Message);
    }

    [Fact]
    public void Mase_ConstantTrain_ThrowsBecauseScaleIsZero()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mase([1], [2], [5, 5, 5]));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("got 0", ex.Message);
    }

    [Fact]
    public void SeasonalNaiveForecast_TrainShorterThanSeason_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastBaselines.SeasonalNaiveForecast([1, 2, 3], 4, 2));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("at least season = 4", ex.Message);
        Assert.Contains("got 3", ex.Message);
    }

    [Fact]
    public void NaiveForecast_NonPositiveHorizon_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ForecastBaselines.NaiveForecast([1, 2], 0));
        Assert.Equal("horizon", ex.ParamName);
        Assert.Contains("expected a positive integer, got 0", ex.Message);
    }
}
