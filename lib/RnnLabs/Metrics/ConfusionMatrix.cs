using System.Text;

namespace RnnLabs.Metrics;

/// <summary>
/// Counts M[a, p] of samples whose true class is a (row) and predicted class is p (column), as scikit-learn's
/// <c>confusion_matrix</c>. Per class c:
/// <code>
/// TP_c = M[c, c]    FP_c = Σ_a M[a, c] − TP_c    FN_c = Σ_p M[c, p] − TP_c
/// precision_c = TP_c / (TP_c + FP_c)    recall_c = TP_c / (TP_c + FN_c)
/// F1_c = 2·precision_c·recall_c / (precision_c + recall_c) = 2·TP_c / (2·TP_c + FP_c + FN_c)
/// </code>
/// A ratio whose denominator is 0 (a class never predicted, never present, or both) is 0: scikit-learn's
/// <c>zero_division=0</c>. Macro averages run over all C classes, including classes absent from both
/// arrays (which score 0), as scikit-learn does when given <c>labels=range(C)</c>.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>Counts the (actual, predicted) pairs.</summary>
    /// <param name="actual">True class ids in [0, <paramref name="numClasses"/>).</param>
    /// <param name="predicted">Predicted class ids, same length.</param>
    /// <param name="numClasses">C, the number of classes.</param>
    /// <exception cref="ArgumentException">Empty input or lengths that differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">C ≤ 0 or a class id outside [0, C).</exception>
    public ConfusionMatrix(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int numClasses)
    {
        const string context = "ConfusionMatrix";
        Guard.Positive(numClasses, context, nameof(numClasses));
        MetricChecks.NotEmpty(actual, context, nameof(actual));
        MetricChecks.SameLength(actual.Length, nameof(actual), predicted.Length, nameof(predicted), context);
        MetricChecks.ClassIds(actual, numClasses, context, nameof(actual));
        MetricChecks.ClassIds(predicted, numClasses, context, nameof(predicted));
        _counts = new int[numClasses, numClasses];
        for (int i = 0; i < actual.Length; i++)
        {
            _counts[actual[i], predicted[i]]++;
        }

        NumClasses = numClasses;
        Total = actual.Length;
    }

    /// <summary>C, the number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>Number of samples counted.</summary>
    public int Total { get; }

    /// <summary>M[a, p]: samples of true class <paramref name="actualClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class id outside [0, C).</exception>
    public int this[int actualClass, int predictedClass]
    {
        get
        {
            CheckClass(actualClass, nameof(actualClass));
            CheckClass(predictedClass, nameof(predictedClass));
            return _counts[actualClass, predictedClass];
        }
    }

    /// <summary>Fraction of samples on the diagonal, Σ_c M[c, c] / N.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < NumClasses; c++)
            {
                correct += _counts[c, c];
            }

            return (double)correct / Total;
        }
    }

    /// <summary>TP_c / (TP_c + FP_c) per class (0 when class c is never predicted) and their macro average.</summary>
    public ClassScores Precision() => Scores((tp, fp, _) => Ratio(tp, tp + fp));

    /// <summary>TP_c / (TP_c + FN_c) per class (0 when class c never occurs) and their macro average.</summary>
    public ClassScores Recall() => Scores((tp, _, fn) => Ratio(tp, tp + fn));

    /// <summary>2·TP_c / (2·TP_c + FP_c + FN_c) per class (0 when that is 0/0) and their macro average.</summary>
    public ClassScores F1() => Scores((tp, fp, fn) => Ratio(2 * tp, 2 * tp + fp + fn));

    /// <summary>The matrix as a table, rows = true class, columns = predicted class.</summary>
    public override string ToString()
    {
        int width = Math.Max(5, Total.ToString().Length + 1);
        var sb = new StringBuilder("true\\pred".PadRight(10));
        for (int p = 0; p < NumClasses; p++)
        {
            sb.Append(p.ToString().PadLeft(width));
        }

        sb.AppendLine();
        for (int a = 0; a < NumClasses; a++)
        {
            sb.Append(a.ToString().PadRight(10));
            for (int p = 0; p < NumClasses; p++)
            {
                sb.Append(_counts[a, p].ToString().PadLeft(width));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private ClassScores Scores(Func<long, long, long, double> score)
    {
        var perClass = new double[NumClasses];
        for (int c = 0; c < NumClasses; c++)
        {
            long tp = _counts[c, c];
            long predictedC = 0, actualC = 0;
            for (int k = 0; k < NumClasses; k++)
            {
                predictedC += _counts[k, c];
                actualC += _counts[c, k];
            }

            perClass[c] = score(tp, predictedC - tp, actualC - tp);
        }

        return new ClassScores(perClass, perClass.Average());
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    private void CheckClass(int id, string argument)
    {
        if ((uint)id >= (uint)NumClasses)
        {
            throw new ArgumentOutOfRangeException(argument, id, $"ConfusionMatrix {argument}: expected a class id in [0, {NumClasses}), got {id}");
        }
    }
}
