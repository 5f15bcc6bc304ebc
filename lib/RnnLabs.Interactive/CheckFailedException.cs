namespace RnnLabs.Interactive;

/// <summary>
/// A notebook claim that did not hold (<see cref="Check"/>) or an exercise whose function disagrees with the
/// reference (<see cref="Exercise"/>). The message names the cell line, so <c>./course run</c> and the student see
/// which check failed.
/// </summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>Creates the exception with message <c>check failed at cell line {line}: {claim}</c>.</summary>
    /// <param name="claim">What was claimed, with the values that contradict it.</param>
    /// <param name="line">The line of the check within its cell.</param>
    public CheckFailedException(string claim, int line)
        : base($"check failed at cell line {line}: {claim}")
    {
        Claim = claim;
        Line = line;
    }

    /// <summary>What was claimed, with the values that contradict it.</summary>
    public string Claim { get; }

    /// <summary>The line of the check within its cell (1-based).</summary>
    public int Line { get; }
}
