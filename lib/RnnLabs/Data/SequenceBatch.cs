using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// A batch of B variable-length sequences laid out time-major and padded to the longest, T = max_b len_b:
/// <code>
/// Values[t, b]   = sequence b's step t        for t &lt; len_b, padding otherwise   ([T, B] ids or [T, B, F] features)
/// Mask[t, b]     = 1 if t &lt; len_b else 0                                          ([T, B])
/// Lengths[b]     = len_b
/// </code>
/// Ids are stored as <typeparamref name="T"/> holding whole numbers, which is how the embedding layer reads them;
/// the mask multiplies per-step losses so padding contributes nothing, and the lengths go to sequence layers.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class SequenceBatch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Context = "SequenceBatch";

    private SequenceBatch(Tensor<T> values, int[] lengths)
    {
        int steps = values.Size(0);
        int batch = values.Size(1);
        var mask = new Tensor<T>(steps, batch);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < lengths[b]; t++)
            {
                mask[t, b] = T.One;
            }
        }

        Values = values;
        Lengths = lengths;
        Mask = mask;
    }

    /// <summary>The padded batch: <c>[T, B]</c> ids (from <see cref="FromIds"/>) or <c>[T, B, F]</c> features (from <see cref="FromFeatures"/>).</summary>
    public Tensor<T> Values { get; }

    /// <summary>len_b, the true length of each sequence, in batch order.</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary><c>[T, B]</c>: 1 at real steps, 0 at padding.</summary>
    public Tensor<T> Mask { get; }

    /// <summary>T, the padded length (the longest sequence).</summary>
    public int TimeSteps => Values.Size(0);

    /// <summary>B, the number of sequences.</summary>
    public int BatchSize => Values.Size(1);

    /// <summary>Pads id sequences (e.g. from a vocabulary's Encode) into a <c>[T, B]</c> id tensor.</summary>
    /// <param name="sequences">B sequences of ids, each at least one long.</param>
    /// <param name="padId">The id written past each sequence's end (usually the vocabulary's <c>PadId</c>).</param>
    /// <exception cref="ArgumentException">No sequences, an empty sequence, or an id that <typeparamref name="T"/> cannot hold exactly.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative id or pad id.</exception>
    public static SequenceBatch<T> FromIds(IReadOnlyList<IReadOnlyList<int>> sequences, int padId)
    {
        CheckList(sequences, nameof(sequences));
        int[] lengths = CheckedLengths(sequences.Select(s => s.Count), nameof(sequences));
        T pad = ToExactT(padId, nameof(padId), "");
        int steps = lengths.Max();
        var values = Tensor<T>.Full(pad, steps, sequences.Count);
        for (int b = 0; b < sequences.Count; b++)
        {
            var sequence = sequences[b];
            for (int t = 0; t < sequence.Count; t++)
            {
                values[t, b] = ToExactT(sequence[t], nameof(sequences), $"[{b}][{t}]");
            }
        }

        return new SequenceBatch<T>(values, lengths);
    }

    /// <summary>Pads feature sequences, each <c>[len_b, F]</c>, into a <c>[T, B, F]</c> tensor.</summary>
    /// <param name="sequences">B sequences with the same feature count F, each at least one step long.</param>
    /// <param name="padValue">The value of every padded feature (default 0).</param>
    /// <exception cref="ArgumentException">No sequences, an empty sequence, a sequence not of rank 2, or feature counts that differ.</exception>
    public static SequenceBatch<T> FromFeatures(IReadOnlyList<Tensor<T>> sequences, T padValue = default)
    {
        CheckList(sequences, nameof(sequences));
        int features = sequences[0].Rank == 2 ? sequences[0].Size(1) : Guard.Any;
        for (int b = 0; b < sequences.Count; b++)
        {
            var seq = sequences[b];
            if (seq.Rank != 2 || (features != Guard.Any && seq.Size(1) != features))
            {
                string expected = features == Guard.Any ? "[*, *]" : $"[*, {features}]";
                throw new ArgumentException(
                    $"{Context} {nameof(sequences)}[{b}]: expected {expected} (len_b, F as sequences[0]), got {seq.ShapeString}", nameof(sequences));
            }
        }

        int[] lengths = CheckedLengths(sequences.Select(s => s.Size(0)), nameof(sequences));
        int steps = lengths.Max();
        int batch = sequences.Count;
        var values = Tensor<T>.Full(padValue, steps, batch, features);
        var dst = values.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            var src = sequences[b].AsSpan();
            for (int t = 0; t < lengths[b]; t++)
            {
                src.Slice(t * features, features).CopyTo(dst.Slice((t * batch + b) * features, features));
            }
        }

        return new SequenceBatch<T>(values, lengths);
    }

    private static void CheckList<TSeq>(IReadOnlyList<TSeq?> sequences, string argument)
        where TSeq : class
    {
        ArgumentNullException.ThrowIfNull(sequences, argument);
        if (sequences.Count == 0)
        {
            throw new ArgumentException($"{Context} {argument}: expected at least one sequence, got 0", argument);
        }

        for (int b = 0; b < sequences.Count; b++)
        {
            if (sequences[b] is null)
            {
                throw new ArgumentNullException(argument, $"{Context} {argument}[{b}]: expected a sequence, got null");
            }
        }
    }

    private static int[] CheckedLengths(IEnumerable<int> lengths, string argument)
    {
        int[] result = lengths.ToArray();
        int empty = Array.IndexOf(result, 0);
        if (empty >= 0)
        {
            throw new ArgumentException($"{Context} {argument}[{empty}]: expected at least one step, got an empty sequence", argument);
        }

        return result;
    }

    private static T ToExactT(int id, string argument, string where)
    {
        if (id < 0)
        {
            throw new ArgumentOutOfRangeException(argument, id, $"{Context} {argument}{where}: expected an id ≥ 0, got {id}");
        }

        // float holds whole numbers exactly only up to 2^24; a rounded id would silently pick another embedding row.
        T value = T.CreateChecked(id);
        if (double.CreateChecked(value) != id)
        {
            throw new ArgumentException(
                $"{Context} {argument}{where}: id {id} is not exactly representable as {typeof(T).Name}", argument);
        }

        return value;
    }
}
