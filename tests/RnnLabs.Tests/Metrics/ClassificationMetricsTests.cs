using RnnLabs.Metrics;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Metrics;

public class ClassificationMetricsTests
{
    private const double Tolerance = 1e-10;

    /// <summary>AUC by its definition: over every (positive, negative) pair, 1 if the positive scores higher, ½ on a tie.</summary>
    private static double PairwiseAuc(int[] labels, double[] scores)
    {
        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = 0; j < labels.Length; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
                }
            }
        }

        return wins / pairs;
    }

    [Fact]
    public void RocAuc_WithTiedScores_CountsTiesAsHalf()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8, 0.4];
        int[] labels = [0, 0, 1, 1, 1];
        // By hand: positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4:
        // 0.35: beats 0.1, loses to 0.4 → 1;  0.8: beats both → 2;  0.4: beats 0.1, ties 0.4 → 1.5.  4.5 / 6.
        const double byHand = 4.5 / 6;
        Assert.Equal(byHand, PairwiseAuc(labels, scores), Tolerance);
        Assert.Equal(byHand, ClassificationMetrics.RocAuc(labels, scores), Tolerance);
    }

    [Fact]
    public void RocAuc_PerfectRankingIsOne_InvertedIsZero_AllTiedIsHalf()
    {
        int[] labels = [0, 1, 0, 1];
        Assert.Equal(1.0, ClassificationMetrics.RocAuc(labels, [0.1, 0.9, 0.2, 0.8]), Tolerance);
        Assert.Equal(0.0, ClassificationMetrics.RocAuc(labels, [0.9, 0.1, 0.8, 0.2]), Tolerance);
        Assert.Equal(0.5, ClassificationMetrics.RocAuc(labels, [0.3, 0.3, 0.3, 0.3]), Tolerance);
    }

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void RocAuc_ManyTies_MatchesPairwiseDefinition(ulong seed)
    {
        var rng = new Rng(seed);
        int n = 40 + rng.NextInt(20);
        var labels = new int[n];
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.NextInt(2);
            // Only 6 distinct scores, so most comparisons are ties or cross tie groups.
            scores[i] = rng.NextInt(6) / 5.0 + 0.1 * labels[i] * rng.NextInt(2);
        }

        labels[0] = 0;
        labels[1] = 1;
        Assert.Equal(PairwiseAuc(labels, scores), ClassificationMetrics.RocAuc(labels, scores), Tolerance);
    }

    [Fact]
    public void ConfusionMatrix_CountsRowsAsTrueClass_ColumnsAsPredicted()
    {
        int[] actual = [0, 0, 1, 1, 2, 2, 2];
        int[] predicted = [0, 1, 1, 1, 2, 0, 2];
        var m = new ConfusionMatrix(actual, predicted, 3);
        int[,] expected = { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 2 } };
        for (int a = 0; a < 3; a++)
        {
            for (int p = 0; p < 3; p++)
            {
                Assert.Equal(expected[a, p], m[a, p]);
            }
        }

        Assert.Equal(7, m.Total);
    }

    [Fact]
    public void Accuracy_IsFractionOfMatches()
    {
        int[] actual = [0, 0, 1, 1, 2, 2, 2];
        int[] predicted = [0, 1, 1, 1, 2, 0, 2];
        Assert.Equal(5.0 / 7, ClassificationMetrics.Accuracy(actual, predicted), Tolerance);
        Assert.Equal(5.0 / 7, new ConfusionMatrix(actual, predicted, 3).Accuracy, Tolerance);
    }

    [Fact]
    public void PrecisionRecallF1_ClassNeverPredicted_ScoresZero_AndCountsInMacro()
    {
        // Class 0: TP 2, FP 0, FN 0. Class 1: TP 1, FP 1, FN 0. Class 2: TP 0, FP 0 (never predicted), FN 1.
        int[] actual = [0, 0, 1, 2];
        int[] predicted = [0, 0, 1, 1];
        double[] precision = [1.0, 0.5, 0.0];             // class 2: 0/0 → 0
        double[] recall = [1.0, 1.0, 0.0];
        double[] f1 = [1.0, 2.0 * 1 / (2 * 1 + 1 + 0), 0.0];  // 2TP / (2TP + FP + FN)

        AssertScores(precision, ClassificationMetrics.Precision(actual, predicted, 3));
        AssertScores(recall, ClassificationMetrics.Recall(actual, predicted, 3));
        AssertScores(f1, ClassificationMetrics.F1(actual, predicted, 3));
    }

    [Fact]
    public void F1_ClassAbsentFromBothArrays_ScoresZero_AndLowersMacro()
    {
        int[] actual = [0, 1, 1, 0];
        int[] predicted = [0, 1, 0, 0];
        // Class 0: TP 2, FP 1, FN 0 → 4/5. Class 1: TP 1, FP 0, FN 1 → 2/3. Class 2: 0/0 → 0.
        AssertScores([4.0 / 5, 2.0 / 3, 0.0], ClassificationMetrics.F1(actual, predicted, 3));
    }

    private static void AssertScores(double[] expected, ClassScores actual)
    {
        Assert.Equal(expected.Length, actual.PerClass.Count);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], actual.PerClass[c], Tolerance);
        }

        double macro = 0;
        foreach (double s in expected)
        {
            macro += s;
        }

        Assert.Equal(macro / expected.Length, actual.Macro, Tolerance);
    }

    [Fact]
    public void RocAuc_OnlyOneClass_ThrowsNamingLabels()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([1, 1, 1], [0.2, 0.5, 0.9]));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("only class 1", ex.Message);
        Assert.Contains("3 samples", ex.Message);
    }

    [Fact]
    public void RocAuc_LabelNotBinary_ThrowsOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.RocAuc([0, 2, 1], [0.2, 0.5, 0.9]));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("[0, 2)", ex.Message);
        Assert.Contains("got 2 at index 1", ex.Message);
    }

    [Fact]
    public void RocAuc_NonFiniteScore_ThrowsNamingScores()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0, 1], [0.2, double.NaN]));
        Assert.Equal("scores", ex.ParamName);
        Assert.Contains("NaN at index 1", ex.Message);
    }

    [Fact]
    public void Accuracy_LengthMismatch_NamesBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1, 2], [0, 1]));
        Assert.Equal("predicted", ex.ParamName);
        Assert.Contains("expected 3 values (the length of actual), got 2", ex.Message);
    }

    [Fact]
    public void Accuracy_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([], []));
        Assert.Equal("actual", ex.ParamName);
        Assert.Contains("got none", ex.Message);
    }

    [Fact]
    public void F1_ClassIdOutOfRange_ThrowsNamingArgumentAndRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.F1([0, 1], [0, 3], 3));
        Assert.Equal("predicted", ex.ParamName);
        Assert.Contains("[0, 3)", ex.Message);
        Assert.Contains("got 3 at index 1", ex.Message);
    }

    [Fact]
    public void ConfusionMatrix_IndexerOutOfRange_Throws()
    {
        var m = new ConfusionMatrix([0, 1], [1, 1], 2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m[2, 0]);
        Assert.Equal("actualClass", ex.ParamName);
        Assert.Contains("[0, 2)", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }
}
