using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Losses;

/// <summary>
/// Softmax cross-entropy on logits, as PyTorch's <c>nn.CrossEntropyLoss</c> with class ids as targets.
/// For each position r of logits z_r [C] with class id y_r:
/// <code>
/// log p_r = z_r − logsumexp(z_r),   logsumexp(z) = m + log Σ_c exp(z_c − m),  m = max_c z_c
/// L = (1/N) Σ_{r counted} −log p_r[y_r]
/// ∂L/∂z_r = (softmax(z_r) − onehot(y_r)) / N   for counted r, 0 otherwise
/// </code>
/// A position counts unless its mask is 0 or its target equals <see cref="IgnoreIndex"/>; N is how many
/// count, and N = 0 gives L = 0 with a zero gradient. exp(L) is the perplexity.
/// </summary>
public sealed class SoftmaxCrossEntropy<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Context = "SoftmaxCrossEntropy";

    /// <summary>Creates the loss.</summary>
    /// <param name="ignoreIndex">A target value that marks a position to skip (PyTorch's <c>ignore_index</c>, default −100).</param>
    public SoftmaxCrossEntropy(int ignoreIndex = -100) => IgnoreIndex = ignoreIndex;

    /// <summary>The target value whose positions are left out of the mean and the gradient.</summary>
    public int IgnoreIndex { get; }

    /// <summary>
    /// The loss of logits <paramref name="prediction"/> <c>[..., C]</c> against integer-valued class ids
    /// <paramref name="target"/> <c>[...]</c>, with an optional 0/1 <paramref name="mask"/> shaped like the target.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, a logit is not finite, or the mask is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A counted class id is not an integer in [0, C).</exception>
    public LossResult<T> Compute(Tensor<T> prediction, Tensor<T> target, Tensor<T>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        int classes = CheckLogits(prediction);
        if (!prediction.Shape[..^1].SequenceEqual(target.Shape))
        {
            throw new ArgumentException(
                $"{Context} target: expected {Tensor<T>.Format(prediction.Shape[..^1])} (the shape of prediction " +
                $"{prediction.ShapeString} without its class axis C), got {target.ShapeString}", nameof(target));
        }

        LossMask.Check(mask, target, Context);
        int count = CheckClassIds(target, mask, classes);
        var gradient = new Tensor<T>(prediction.Shape.ToArray());
        if (count == 0)
        {
            return new LossResult<T>(0, gradient);
        }

        ReadOnlySpan<T> z = prediction.AsSpan();
        ReadOnlySpan<T> y = target.AsSpan();
        Span<T> g = gradient.AsSpan();
        T scale = T.One / T.CreateChecked(count);
        double total = 0;
        for (int r = 0; r < y.Length; r++)
        {
            if (!Counts(y[r], mask, r))
            {
                continue;
            }

            int id = int.CreateTruncating(y[r]);
            ReadOnlySpan<T> row = z.Slice(r * classes, classes);
            Span<T> rowGrad = g.Slice(r * classes, classes);
            var (max, sum) = ShiftedExp(row, rowGrad);
            // −log p[y] = m + log Σ − z_y, summed in double: for float logits m − z_y alone can overflow.
            total += double.CreateChecked(max) - double.CreateChecked(row[id]) + double.CreateChecked(T.Log(sum));

            // rowGrad holds exp(z − m); dividing by its sum gives the softmax.
            TensorPrimitives.Multiply(rowGrad, scale / sum, rowGrad);
            rowGrad[id] -= scale;
        }

        return new LossResult<T>(total / count, gradient);
    }

    /// <summary>
    /// log-softmax over the last axis, log p = z − logsumexp(z), as PyTorch's <c>F.log_softmax(z, -1)</c>:
    /// the per-class log-probabilities behind the loss (e.g. per-token log-likelihood for perplexity).
    /// </summary>
    /// <param name="logits">z, <c>[..., C]</c>, finite.</param>
    public static Tensor<T> LogSoftmax(Tensor<T> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int classes = CheckLogits(logits, nameof(logits));
        var result = new Tensor<T>(logits.Shape.ToArray());
        ReadOnlySpan<T> z = logits.AsSpan();
        Span<T> output = result.AsSpan();
        for (int r = 0; r < z.Length / classes; r++)
        {
            ReadOnlySpan<T> row = z.Slice(r * classes, classes);
            Span<T> logP = output.Slice(r * classes, classes);
            var (max, sum) = ShiftedExp(row, logP);
            TensorPrimitives.Subtract(row, max + T.Log(sum), logP);
        }

        return result;
    }

    /// <summary>
    /// Writes exp(z − m) into <paramref name="destination"/> and returns m = max z and Σ exp(z − m).
    /// </summary>
    /// <remarks>
    /// Subtracting the row max makes the largest exponent exp(0) = 1: exp(1000) would overflow to ∞ (∞/∞ = NaN),
    /// and a row of very negative logits would underflow to a sum of 0 (log 0 = −∞). The sum is then in [1, C],
    /// and logsumexp(z) = m + log Σ exp(z − m) is exact algebra, not an approximation.
    /// </remarks>
    private static (T Max, T Sum) ShiftedExp(ReadOnlySpan<T> row, Span<T> destination)
    {
        T max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, destination);
        TensorPrimitives.Exp(destination, destination);
        return (max, TensorPrimitives.Sum<T>(destination));
    }

    /// <summary>Checks logits <c>[..., C]</c> (C ≥ 1, finite values) and returns C.</summary>
    private static int CheckLogits(Tensor<T> logits, string argument = "prediction")
    {
        if (logits.Rank == 0 || logits.Size(-1) == 0)
        {
            throw new ArgumentException(
                $"{Context} {argument}: expected logits [..., C] with C ≥ 1 classes, got {logits.ShapeString}", argument);
        }

        Guard.Finite(logits, Context, argument);
        return logits.Size(-1);
    }

    private bool Counts(T id, Tensor<T>? mask, int index) =>
        LossMask.Counts(mask, index) && id != T.CreateChecked(IgnoreIndex);

    /// <summary>Checks that every counted target is an integer class id in [0, C) and returns N, how many count.</summary>
    private int CheckClassIds(Tensor<T> target, Tensor<T>? mask, int classes)
    {
        ReadOnlySpan<T> y = target.AsSpan();
        T limit = T.CreateChecked(classes);
        int count = 0;
        for (int r = 0; r < y.Length; r++)
        {
            if (!Counts(y[r], mask, r))
            {
                continue;
            }

            if (!T.IsInteger(y[r]) || y[r] < T.Zero || y[r] >= limit)
            {
                throw new ArgumentOutOfRangeException(nameof(target), y[r],
                    $"{Context} target: expected class ids in [0, {classes}) (C = {classes}) or ignoreIndex {IgnoreIndex}, " +
                    $"got {y[r]} at position {TensorPosition.Format(r, target.Shape)} of {target.ShapeString}");
            }

            count++;
        }

        return count;
    }
}
