namespace RnnLabs.Metrics;

/// <summary>The argument checks every metric shares; messages name the argument, the expected and the actual value.</summary>
internal static class MetricChecks
{
    public static void NotEmpty<TItem>(ReadOnlySpan<TItem> values, string context, string argument)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException($"{context} {argument}: expected at least one value, got none", argument);
        }
    }

    public static void SameLength(int expected, string expectedArgument, int actual, string argument, string context)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"{context} {argument}: expected {expected} values (the length of {expectedArgument}), got {actual}", argument);
        }
    }

    public static void Finite(ReadOnlySpan<double> values, string context, string argument)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{context} {argument}: expected finite values, got {values[i]} at index {i}", argument);
            }
        }
    }

    /// <summary>A non-empty pair of equally long, finite arrays (actual first).</summary>
    public static void Pair(ReadOnlySpan<double> actual, string actualArgument, ReadOnlySpan<double> other, string otherArgument, string context)
    {
        NotEmpty(actual, context, actualArgument);
        SameLength(actual.Length, actualArgument, other.Length, otherArgument, context);
        Finite(actual, context, actualArgument);
        Finite(other, context, otherArgument);
    }

    public static void ClassIds(ReadOnlySpan<int> ids, int numClasses, string context, string argument)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)numClasses)
            {
                throw new ArgumentOutOfRangeException(
                    argument, ids[i], $"{context} {argument}: expected class ids in [0, {numClasses}), got {ids[i]} at index {i}");
            }
        }
    }
}
