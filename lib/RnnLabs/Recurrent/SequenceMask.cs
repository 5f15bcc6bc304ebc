namespace RnnLabs.Recurrent;

/// <summary>
/// The padding mask of a batch of variable-length sequences (PyTorch's pack_padded semantics):
/// m_t[b] = 1 when t &lt; lengths[b], else 0. Steps where every sequence is valid need no masking at all.
/// </summary>
internal sealed class SequenceMask
{
    private readonly int[] _lengths;
    private readonly int _minLength;

    private SequenceMask(int[] lengths, int steps)
    {
        _lengths = lengths;
        Steps = steps;
        _minLength = lengths.Min();
    }

    /// <summary>T, time steps of the padded batch.</summary>
    public int Steps { get; }

    /// <summary>B, sequences in the batch.</summary>
    public int Batch => _lengths.Length;

    /// <summary>The true length of each sequence.</summary>
    public IReadOnlyList<int> Lengths => _lengths;

    /// <summary>Validates <paramref name="lengths"/> (null: all full length): one per sequence, each in [1, T].</summary>
    public static SequenceMask Create(IReadOnlyList<int>? lengths, int steps, int batch, string context)
    {
        if (lengths is null)
        {
            return new SequenceMask(Enumerable.Repeat(steps, batch).ToArray(), steps);
        }

        if (lengths.Count != batch)
        {
            throw new ArgumentException(
                $"{context} lengths: expected {batch} lengths (one per sequence, B = {batch}), got {lengths.Count}", nameof(lengths));
        }

        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
            {
                throw new ArgumentException(
                    $"{context} lengths[{b}]: expected a length in [1, {steps}] (T = {steps}), got {lengths[b]}", nameof(lengths));
            }
        }

        return new SequenceMask(lengths.ToArray(), steps);
    }

    /// <summary>True when m_t[b] = 1 for every b.</summary>
    public bool AllValid(int t) => t < _minLength;

    /// <summary>m_t[b] = 1: step t is inside sequence b.</summary>
    public bool IsValid(int t, int b) => t < _lengths[b];
}
