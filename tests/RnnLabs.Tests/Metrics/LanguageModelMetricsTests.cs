using RnnLabs.Metrics;

namespace RnnLabs.Tests.Metrics;

public class LanguageModelMetricsTests
{
    private const double Tolerance = 1e-10;

    [Theory]
    [InlineData(2)]
    [InlineData(27)]
    [InlineData(65)]
    public void UniformModel_HasPerplexityV_AndLog2VBitsPerChar(int vocabularySize)
    {
        // Every token has p = 1/V, so NLL = −ln(1/V) = ln V.
        double nll = -Math.Log(1.0 / vocabularySize);
        double[] tokenNlls = [nll, nll, nll, nll, nll];
        double log2V = Math.Log(vocabularySize) / Math.Log(2);

        Assert.Equal(vocabularySize, LanguageModelMetrics.Perplexity(nll), Tolerance);
        Assert.Equal(vocabularySize, LanguageModelMetrics.Perplexity(tokenNlls), Tolerance);
        Assert.Equal(log2V, LanguageModelMetrics.BitsPerChar(nll), Tolerance);
        Assert.Equal(log2V, LanguageModelMetrics.BitsPerChar(tokenNlls), Tolerance);
    }

    [Fact]
    public void PerTokenNlls_AreAveragedBeforeExponentiating()
    {
        // p = 1/2 and p = 1/8: mean NLL = (ln 2 + 3 ln 2) / 2 = 2 ln 2, so perplexity 4 and 2 bits (not (2 + 8)/2).
        double[] tokenNlls = [Math.Log(2), Math.Log(8)];
        Assert.Equal(4.0, LanguageModelMetrics.Perplexity(tokenNlls), Tolerance);
        Assert.Equal(2.0, LanguageModelMetrics.BitsPerChar(tokenNlls), Tolerance);
    }

    [Fact]
    public void NegativeMeanNll_ThrowsOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelMetrics.Perplexity(-0.5));
        Assert.Equal("meanNll", ex.ParamName);
        Assert.Contains("≥ 0", ex.Message);
        Assert.Contains("got -0.5", ex.Message);
    }

    [Fact]
    public void NonFiniteTokenNll_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => LanguageModelMetrics.BitsPerChar([0.3, double.PositiveInfinity]));
        Assert.Equal("tokenNlls", ex.ParamName);
        Assert.Contains("expected finite values", ex.Message);
        Assert.Contains("at index 1", ex.Message);
    }

    [Fact]
    public void NoTokens_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LanguageModelMetrics.Perplexity(ReadOnlySpan<double>.Empty));
        Assert.Equal("tokenNlls", ex.ParamName);
        Assert.Contains("got none", ex.Message);
    }
}
