namespace RnnLabs.Training;

/// <summary>
/// Thrown by <see cref="Trainer{T}"/> when a step's loss or a parameter's gradient is NaN or ±∞. The trainer
/// checks after every backward pass and before the update, so the parameters keep the values they had before
/// the bad step. An exception (rather than a flag in the history) makes divergence impossible to miss; the
/// history up to the last good step travels with it for plotting.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Full explanation, naming step, epoch, culprit and remedies.</param>
    /// <param name="step">The 1-based step whose update was refused.</param>
    /// <param name="epoch">The 1-based epoch of that step.</param>
    /// <param name="culprits">"loss" and/or the names of parameters whose gradient was not finite.</param>
    /// <param name="history">Everything recorded up to the last good step.</param>
    public TrainingDivergedException(string message, int step, int epoch, IReadOnlyList<string> culprits, TrainingHistory history)
        : base(message)
    {
        Step = step;
        Epoch = epoch;
        Culprits = culprits;
        History = history;
    }

    /// <summary>The 1-based step whose update was refused.</summary>
    public int Step { get; }

    /// <summary>The 1-based epoch of <see cref="Step"/>.</summary>
    public int Epoch { get; }

    /// <summary><c>"loss"</c> and/or the names (from <c>NamedParameters</c>) of parameters with a non-finite gradient.</summary>
    public IReadOnlyList<string> Culprits { get; }

    /// <summary>The history up to the last good step.</summary>
    public TrainingHistory History { get; }
}
