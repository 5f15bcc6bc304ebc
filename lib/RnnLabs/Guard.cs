using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs;

/// <summary>
/// Checks at public boundaries. Every message names the argument, what was expected and what arrived,
/// e.g. <c>Lstm(layer 0) input: expected [*, *, 64] (T, B, inputSize), got [50, 32, 65]</c>.
/// </summary>
internal static class Guard
{
    /// <summary>Wildcard axis in an expected shape.</summary>
    public const int Any = -1;

    /// <summary>Throws unless <paramref name="tensor"/> has the expected shape (<see cref="Any"/> matches any size).</summary>
    public static void Shape<T>(Tensor<T>? tensor, string context, string argument, string axes, params int[] expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor is null)
        {
            throw new ArgumentNullException(argument, $"{context} {argument}: expected a tensor {Describe(expected)} ({axes}), got null");
        }

        bool ok = tensor.Rank == expected.Length;
        for (int i = 0; ok && i < expected.Length; i++)
        {
            ok = expected[i] == Any || expected[i] == tensor.Size(i);
        }

        if (!ok)
        {
            throw new ArgumentException(
                $"{context} {argument}: expected {Describe(expected)} ({axes}), got {tensor.ShapeString}", argument);
        }
    }

    /// <summary>Throws unless every element of <paramref name="tensor"/> is finite.</summary>
    public static void Finite<T>(Tensor<T> tensor, string context, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = tensor.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (!T.IsFinite(span[i]))
            {
                throw new ArgumentException(
                    $"{context} {argument}: expected finite values, got {span[i]} at flat index {i} of {tensor.ShapeString}", argument);
            }
        }
    }

    /// <summary>Throws unless <paramref name="value"/> &gt; 0.</summary>
    public static void Positive(int value, string context, string argument)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(argument, value, $"{context} {argument}: expected a positive integer, got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(double value, double min, double max, string context, string argument)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(argument, value, $"{context} {argument}: expected a value in [{min}, {max}], got {value}");
        }
    }

    private static string Describe(int[] expected) =>
        "[" + string.Join(", ", expected.Select(d => d == Any ? "*" : d.ToString())) + "]";
}
