namespace RnnLabs.Metrics;

/// <summary>
/// Scores of a language model from its negative log-likelihood per token, NLL_i = −ln p(token_i | context)
/// in nats (the mean of which is the cross-entropy loss):
/// <code>
/// perplexity = exp((1/N) Σ_i NLL_i)        bits per char = (1/N) Σ_i NLL_i / ln 2
/// </code>
/// A model that is uniform over V symbols has NLL = ln V, so perplexity V ("as unsure as a V-way die") and
/// log₂ V bits per char. Bits per char is meant for character-level models; on words it is bits per word.
/// </summary>
public static class LanguageModelMetrics
{
    /// <summary>exp(mean NLL), from the mean NLL in nats (e.g. a cross-entropy loss value).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mean NLL is negative or not finite.</exception>
    public static double Perplexity(double meanNll) => Math.Exp(CheckedMean(meanNll, "LanguageModelMetrics.Perplexity"));

    /// <summary>exp((1/N) Σ_i NLL_i), from per-token NLLs in nats.</summary>
    /// <exception cref="ArgumentException">No tokens, or a negative or non-finite NLL.</exception>
    public static double Perplexity(ReadOnlySpan<double> tokenNlls) => Math.Exp(Mean(tokenNlls, "LanguageModelMetrics.Perplexity"));

    /// <summary>mean NLL / ln 2, from the mean NLL in nats.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mean NLL is negative or not finite.</exception>
    public static double BitsPerChar(double meanNll) => CheckedMean(meanNll, "LanguageModelMetrics.BitsPerChar") / Math.Log(2);

    /// <summary>(1/N) Σ_i NLL_i / ln 2, from per-token NLLs in nats.</summary>
    /// <exception cref="ArgumentException">No tokens, or a negative or non-finite NLL.</exception>
    public static double BitsPerChar(ReadOnlySpan<double> tokenNlls) => Mean(tokenNlls, "LanguageModelMetrics.BitsPerChar") / Math.Log(2);

    private static double CheckedMean(double meanNll, string context)
    {
        if (!double.IsFinite(meanNll) || meanNll < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(meanNll), meanNll,
                $"{context} meanNll: expected a finite mean negative log-likelihood ≥ 0 (nats), got {meanNll}");
        }

        return meanNll;
    }

    private static double Mean(ReadOnlySpan<double> tokenNlls, string context)
    {
        MetricChecks.NotEmpty(tokenNlls, context, nameof(tokenNlls));
        MetricChecks.Finite(tokenNlls, context, nameof(tokenNlls));
        for (int i = 0; i < tokenNlls.Length; i++)
        {
            if (tokenNlls[i] < 0)
            {
                throw new ArgumentException(
                    $"{context} tokenNlls: expected values ≥ 0 (−ln p with p ≤ 1), got {tokenNlls[i]} at index {i}", nameof(tokenNlls));
            }
        }

        return TensorPrimitives.Sum(tokenNlls) / tokenNlls.Length;
    }
}
