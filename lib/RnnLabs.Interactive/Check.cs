using System.Runtime.CompilerServices;

namespace RnnLabs.Interactive;

/// <summary>
/// Assertions for a notebook's check cells: each states a claim the prose makes and throws
/// <see cref="CheckFailedException"/> (<c>check failed at cell line N: …</c>) when the numbers contradict it, so an
/// executed notebook cannot silently disagree with its text. The line is the call's line within the cell, filled in
/// by the compiler. A NaN never passes.
/// </summary>
public static class Check
{
    /// <summary>Passes when <paramref name="condition"/> is true.</summary>
    /// <param name="condition">The claim, evaluated.</param>
    /// <param name="claim">The claim in words, with the values it rests on, e.g. <c>$"LSTM MSE {mse:G3} &lt; 0.01"</c>.</param>
    /// <param name="line">Filled in by the compiler.</param>
    public static void That(bool condition, string claim, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!condition)
        {
            throw new CheckFailedException(claim, line);
        }
    }

    /// <summary>Passes when |<paramref name="actual"/> − <paramref name="expected"/>| ≤ <paramref name="tolerance"/>.</summary>
    /// <param name="actual">The measured value.</param>
    /// <param name="expected">The value the text claims.</param>
    /// <param name="tolerance">Largest allowed absolute difference (≥ 0).</param>
    /// <param name="what">What the value is, e.g. <c>"σ′(0)"</c>.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is negative or NaN.</exception>
    public static void Close(double actual, double expected, double tolerance, string what, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"Check.Close tolerance: expected ≥ 0, got {tolerance}");
        }

        double difference = Math.Abs(actual - expected);
        if (!(difference <= tolerance))
        {
            throw new CheckFailedException(
                $"{what}: expected {Html.Number(expected, 7)} ± {Html.Number(tolerance, 3)}, got {Html.Number(actual, 7)} (off by {Html.Number(difference, 3)})", line);
        }
    }

    /// <summary>Passes when <paramref name="actual"/> &lt; <paramref name="bound"/>.</summary>
    /// <param name="actual">The measured value.</param>
    /// <param name="bound">The claimed upper bound (exclusive).</param>
    /// <param name="what">What the value is, e.g. <c>"LSTM validation MSE"</c>.</param>
    /// <param name="line">Filled in by the compiler.</param>
    public static void Below(double actual, double bound, string what, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (!(actual < bound))
        {
            throw new CheckFailedException($"{what}: expected below {Html.Number(bound, 7)}, got {Html.Number(actual, 7)}", line);
        }
    }

    /// <summary>Passes when <paramref name="actual"/> &gt; <paramref name="bound"/>.</summary>
    /// <param name="actual">The measured value.</param>
    /// <param name="bound">The claimed lower bound (exclusive).</param>
    /// <param name="what">What the value is, e.g. <c>"‖∂h_T/∂h_{T−20}‖ at ρ = 3"</c>.</param>
    /// <param name="line">Filled in by the compiler.</param>
    public static void Above(double actual, double bound, string what, [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (!(actual > bound))
        {
            throw new CheckFailedException($"{what}: expected above {Html.Number(bound, 7)}, got {Html.Number(actual, 7)}", line);
        }
    }
}
