namespace RnnLabs.Recurrent;

/// <summary>
/// The padding mask of a batch of variable-length sequences (PyTorch's pack_padded semantics):
/// m_t[b] = 1 when t &lt; lengths[b], else 0. Steps where every sequence is valid need no masking at all.
/// A layer keeps one mask and refills it on every Forward with the same batch size, so it allocates nothing.
/// </summary>
internal sealed class SequenceMask
{
    private readonly int[] _lengths;
    private int _minLength;

    private SequenceMask(int batch)
    {
        _lengths = new int[batch];
    }

    /// <summary>T, time steps of the padded batch.</summary>
    public int Steps { get; private set; }

    /// <summary>B, sequences in the batch.</summary>
    public int Batch => _lengths.Length;

    /// <summary>The true length of each sequence (refilled by the next <see cref="Update"/>).</summary>
    public IReadOnlyList<int> Lengths => _lengths;

    /// <summary>Checks <paramref name="lengths"/> (null: all full length): one per sequence, each in [1, T].</summary>
    public static void Validate(IReadOnlyList<int>? lengths, int steps, int batch, string context)
    {
        if (lengths is null)
        {
            return;
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
    }

    /// <summary>
    /// The mask of validated <paramref name="lengths"/> (null: all T): <paramref name="mask"/> refilled when it has
    /// B rows, else a new one.
    /// </summary>
    public static SequenceMask Update(SequenceMask? mask, IReadOnlyList<int>? lengths, int steps, int batch)
    {
        if (mask is null || mask.Batch != batch)
        {
            mask = new SequenceMask(batch);
        }

        mask.Steps = steps;
        mask._minLength = steps;
        for (int b = 0; b < batch; b++)
        {
            int length = lengths is null ? steps : lengths[b];
            mask._lengths[b] = length;
            mask._minLength = Math.Min(mask._minLength, length);
        }

        return mask;
    }

    /// <summary>True when m_t[b] = 1 for every b.</summary>
    public bool AllValid(int t) => t < _minLength;

    /// <summary>m_t[b] = 1: step t is inside sequence b.</summary>
    public bool IsValid(int t, int b) => t < _lengths[b];

    /// <summary>
    /// next = fresh, except the rows where m_t[b] = 0, which keep <paramref name="previous"/>; all three hold batch rows
    /// [first, first + rows) of a [B, ·] matrix. <paramref name="fresh"/> may be <paramref name="next"/> itself (a step
    /// that wrote its state into the slot the next step reads): then only those rows are copied.
    /// </summary>
    public void Carry<T>(ReadOnlySpan<T> fresh, ReadOnlySpan<T> previous, Span<T> next, int t, int first, int rows)
    {
        if (!fresh.Overlaps(next))
        {
            fresh.CopyTo(next);
        }

        if (!AllValid(t))
        {
            CopyPaddedRows(previous, next, t, first, rows);
        }
    }

    /// <summary>target[b] = source[b] for the rows where m_t[b] = 0; both hold batch rows [first, first + rows) of a [B, ·] matrix.</summary>
    public void CopyPaddedRows<T>(ReadOnlySpan<T> source, Span<T> target, int t, int first, int rows)
    {
        int width = source.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            if (!IsValid(t, first + r))
            {
                source.Slice(r * width, width).CopyTo(target.Slice(r * width, width));
            }
        }
    }

    /// <summary>Zeroes the rows where m_t[b] = 0 of <paramref name="matrix"/>, which holds batch rows [first, first + rows) of a [B, ·] matrix.</summary>
    public void ClearPaddedRows<T>(Span<T> matrix, int t, int first, int rows)
    {
        int width = matrix.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            if (!IsValid(t, first + r))
            {
                matrix.Slice(r * width, width).Clear();
            }
        }
    }
}
