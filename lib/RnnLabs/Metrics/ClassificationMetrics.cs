namespace RnnLabs.Metrics;

/// <summary>
/// Classification scores on class-id arrays, matching scikit-learn. Precision, recall and F1 follow the
/// definitions and the zero-division rule (an undefined ratio is 0) of <see cref="ConfusionMatrix"/>.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of positions where <paramref name="predicted"/> equals <paramref name="actual"/>: (1/N) Σ_i [p_i = a_i].</summary>
    /// <exception cref="ArgumentException">Empty input or lengths that differ.</exception>
    public static double Accuracy(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        const string context = "ClassificationMetrics.Accuracy";
        MetricChecks.NotEmpty(actual, context, nameof(actual));
        MetricChecks.SameLength(actual.Length, nameof(actual), predicted.Length, nameof(predicted), context);
        int correct = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            correct += actual[i] == predicted[i] ? 1 : 0;
        }

        return (double)correct / actual.Length;
    }

    /// <summary>Per-class precision TP_c / (TP_c + FP_c) and its macro average (0 for a class never predicted).</summary>
    /// <exception cref="ArgumentException">Empty input or lengths that differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class id outside [0, <paramref name="numClasses"/>).</exception>
    public static ClassScores Precision(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int numClasses) =>
        new ConfusionMatrix(actual, predicted, numClasses).Precision();

    /// <summary>Per-class recall TP_c / (TP_c + FN_c) and its macro average (0 for a class that never occurs).</summary>
    /// <exception cref="ArgumentException">Empty input or lengths that differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class id outside [0, <paramref name="numClasses"/>).</exception>
    public static ClassScores Recall(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int numClasses) =>
        new ConfusionMatrix(actual, predicted, numClasses).Recall();

    /// <summary>Per-class F1 = 2·TP_c / (2·TP_c + FP_c + FN_c) and its macro average (0 where that is 0/0).</summary>
    /// <exception cref="ArgumentException">Empty input or lengths that differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class id outside [0, <paramref name="numClasses"/>).</exception>
    public static ClassScores F1(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int numClasses) =>
        new ConfusionMatrix(actual, predicted, numClasses).F1();

    /// <summary>
    /// Area under the ROC curve of binary <paramref name="scores"/> (higher = more likely class 1), equal to
    /// scikit-learn's <c>roc_auc_score</c>: the probability that a random positive outscores a random negative,
    /// ties counting one half. Computed as the Mann–Whitney U statistic with average ranks for tied scores:
    /// <code>
    /// AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ · n₋),   R₊ = Σ over positives of rank(score), ranks 1..N ascending
    /// </code>
    /// O(N log N) for the sort.
    /// </summary>
    /// <param name="labels">True classes, each 0 or 1; both must occur.</param>
    /// <param name="scores">Finite scores (probabilities, logits: only their order matters), same length.</param>
    /// <exception cref="ArgumentException">Empty input, lengths that differ, non-finite scores, or only one class present (AUC is undefined).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label other than 0 or 1.</exception>
    public static double RocAuc(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        const string context = "ClassificationMetrics.RocAuc";
        MetricChecks.NotEmpty(labels, context, nameof(labels));
        MetricChecks.SameLength(labels.Length, nameof(labels), scores.Length, nameof(scores), context);
        MetricChecks.ClassIds(labels, 2, context, nameof(labels));
        MetricChecks.Finite(scores, context, nameof(scores));
        long positives = 0;
        foreach (int label in labels)
        {
            positives += label;
        }

        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"{context} labels: expected both classes 0 and 1, got only class {labels[0]} ({labels.Length} samples), so ROC AUC is undefined",
                nameof(labels));
        }

        double[] sorted = scores.ToArray();
        int[] sortedLabels = labels.ToArray();
        Array.Sort(sorted, sortedLabels);
        double positiveRankSum = 0;
        for (int start = 0; start < sorted.Length;)
        {
            int end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            // Tied scores share the mean of ranks start+1 .. end, so a tie between classes counts one half.
            double averageRank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++)
            {
                positiveRankSum += sortedLabels[i] * averageRank;
            }

            start = end;
        }

        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
