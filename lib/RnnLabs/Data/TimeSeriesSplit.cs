using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// A time-ordered train / validation / test split of a series of N steps: three consecutive blocks taken
/// from the start, never shuffled, so the model is always evaluated on data that comes after what it learned
/// from (shuffling would let it peek at the future). Steps after the test block, if any, are unused.
/// <code>
/// train = [0, n_train)    validation = [n_train, n_train + n_val)    test = [n_train + n_val, … + n_test)
/// </code>
/// </summary>
public sealed class TimeSeriesSplit
{
    private const string Context = "TimeSeriesSplit";

    private TimeSeriesSplit(int length, int trainCount, int validationCount, int testCount)
    {
        Length = length;
        TrainCount = trainCount;
        ValidationCount = validationCount;
        TestCount = testCount;
    }

    /// <summary>N, the length of the series the split is for.</summary>
    public int Length { get; }

    /// <summary>n_train, the steps in the training block.</summary>
    public int TrainCount { get; }

    /// <summary>n_val, the steps in the validation block.</summary>
    public int ValidationCount { get; }

    /// <summary>n_test, the steps in the test block.</summary>
    public int TestCount { get; }

    /// <summary>The training steps, [0, n_train).</summary>
    public Range Train => 0..TrainCount;

    /// <summary>The validation steps, [n_train, n_train + n_val).</summary>
    public Range Validation => TrainCount..(TrainCount + ValidationCount);

    /// <summary>The test steps, [n_train + n_val, n_train + n_val + n_test).</summary>
    public Range Test => (TrainCount + ValidationCount)..(TrainCount + ValidationCount + TestCount);

    /// <summary>
    /// Splits N steps by fractions: n_train = ⌊f_train·N⌋, n_val = ⌊f_val·N⌋, and n_test = ⌊f_test·N⌋, except that
    /// when the fractions sum to 1 the test block takes every remaining step so rounding loses none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A fraction outside (0, 1], fractions summing past 1, or a block that would be empty.</exception>
    public static TimeSeriesSplit ByFractions(int length, double train, double validation, double test)
    {
        Guard.Positive(length, Context, nameof(length));
        CheckFraction(train, nameof(train));
        CheckFraction(validation, nameof(validation));
        CheckFraction(test, nameof(test));
        double sum = train + validation + test;
        // 1e-9 lets 0.7 + 0.15 + 0.15, which is not exactly 1 in binary, count as a whole.
        const double tolerance = 1e-9;
        if (sum > 1 + tolerance)
        {
            throw new ArgumentOutOfRangeException(nameof(test), test,
                $"{Context} fractions: expected train + validation + test ≤ 1, got {train} + {validation} + {test} = {sum}");
        }

        int nTrain = (int)Math.Floor(train * length);
        int nValidation = (int)Math.Floor(validation * length);
        int nTest = sum >= 1 - tolerance ? length - nTrain - nValidation : (int)Math.Floor(test * length);
        return Checked(length, nTrain, nValidation, nTest, "fractions");
    }

    /// <summary>Splits N steps into blocks of the given sizes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count ≤ 0 or counts summing past N.</exception>
    public static TimeSeriesSplit ByCounts(int length, int train, int validation, int test)
    {
        Guard.Positive(length, Context, nameof(length));
        Guard.Positive(train, Context, nameof(train));
        Guard.Positive(validation, Context, nameof(validation));
        Guard.Positive(test, Context, nameof(test));
        if ((long)train + validation + test > length)
        {
            throw new ArgumentOutOfRangeException(nameof(test), test,
                $"{Context} counts: expected train + validation + test ≤ length = {length}, got {train} + {validation} + {test} = {(long)train + validation + test}");
        }

        return new TimeSeriesSplit(length, train, validation, test);
    }

    /// <summary>Copies the three blocks of <paramref name="series"/> (time along axis 0, N steps).</summary>
    /// <exception cref="ArgumentException">The series does not have N steps.</exception>
    public (Tensor<T> Train, Tensor<T> Validation, Tensor<T> Test) Apply<T>(Tensor<T> series)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Rank == 0 || series.Size(0) != Length)
        {
            throw new ArgumentException($"{Context}.Apply series: expected {Length} steps on axis 0, got {series.ShapeString}", nameof(series));
        }

        return (Block(series, Train), Block(series, Validation), Block(series, Test));
    }

    /// <summary>Copies the three blocks of a one-dimensional <paramref name="series"/> of N values.</summary>
    /// <exception cref="ArgumentException">The series does not have N values.</exception>
    public (TItem[] Train, TItem[] Validation, TItem[] Test) Apply<TItem>(ReadOnlySpan<TItem> series)
    {
        if (series.Length != Length)
        {
            throw new ArgumentException($"{Context}.Apply series: expected {Length} values, got {series.Length}", nameof(series));
        }

        return (series[Train].ToArray(), series[Validation].ToArray(), series[Test].ToArray());
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"TimeSeriesSplit(N={Length}: train [{Train.Start}, {Train.End}), validation [{Validation.Start}, {Validation.End}), test [{Test.Start}, {Test.End}))";

    private static void CheckFraction(double fraction, string argument)
    {
        if (!double.IsFinite(fraction) || fraction <= 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(argument, fraction, $"{Context} {argument}: expected a fraction in (0, 1], got {fraction}");
        }
    }

    private static TimeSeriesSplit Checked(int length, int train, int validation, int test, string by)
    {
        foreach (var (name, count) in new[] { (nameof(train), train), (nameof(validation), validation), (nameof(test), test) })
        {
            if (count <= 0)
            {
                throw new ArgumentOutOfRangeException(name, count,
                    $"{Context} {name}: expected a non-empty block, got {count} steps from the {by} with length = {length}");
            }
        }

        return new TimeSeriesSplit(length, train, validation, test);
    }

    private static Tensor<T> Block<T>(Tensor<T> series, Range range) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = range.End.Value - range.Start.Value;
        int row = series.Length / series.Size(0);
        int[] shape = series.Shape.ToArray();
        shape[0] = steps;
        return Tensor<T>.FromArray(series.AsSpan().Slice(range.Start.Value * row, steps * row), shape);
    }
}
