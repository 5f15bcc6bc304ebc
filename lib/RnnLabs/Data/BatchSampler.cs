using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// Splits the indices 0 .. N−1 of a data set into mini-batches, like PyTorch's <c>BatchSampler</c> over a
/// sequential or random sampler. Every epoch covers each index exactly once (except the short tail when
/// <see cref="DropLast"/> is set). Shuffling draws from the given <see cref="Rng"/>, so a seed fixes every
/// epoch's order, and successive epochs differ.
/// </summary>
/// <example>
/// <code>
/// var sampler = new BatchSampler(windows.Count, batchSize: 32, shuffleRng: new Rng(42));
/// foreach (int[] batch in sampler.NextEpoch()) { var (x, y) = windows.Batch(batch); ... }
/// </code>
/// </example>
public sealed class BatchSampler
{
    private const string Context = "BatchSampler";
    private readonly Rng? _rng;

    /// <summary>Creates a sampler over <paramref name="datasetSize"/> items.</summary>
    /// <param name="datasetSize">N, the number of items.</param>
    /// <param name="batchSize">Items per batch; the last batch may be smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffleRng">Null: indices in order. Otherwise each epoch is a fresh permutation drawn from it.</param>
    /// <param name="dropLast">Leave out the final batch when it would be smaller than <paramref name="batchSize"/>
    /// (so every step sees the same batch size).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="dropLast"/> would leave no batch.</exception>
    public BatchSampler(int datasetSize, int batchSize, Rng? shuffleRng = null, bool dropLast = false)
    {
        Guard.Positive(datasetSize, Context, nameof(datasetSize));
        Guard.Positive(batchSize, Context, nameof(batchSize));
        if (dropLast && batchSize > datasetSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"{Context} batchSize: expected at most datasetSize = {datasetSize} when dropLast is set (else no batch is left), got {batchSize}");
        }

        DatasetSize = datasetSize;
        BatchSize = batchSize;
        DropLast = dropLast;
        _rng = shuffleRng;
    }

    /// <summary>N, the number of items.</summary>
    public int DatasetSize { get; }

    /// <summary>The (largest) number of indices per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether a short final batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>Whether each epoch is shuffled.</summary>
    public bool Shuffles => _rng is not null;

    /// <summary>Batches per epoch: ⌊N / batch⌋ with <see cref="DropLast"/>, ⌈N / batch⌉ without.</summary>
    public int BatchCount => DropLast ? DatasetSize / BatchSize : (DatasetSize + BatchSize - 1) / BatchSize;

    /// <summary>The index batches of the next epoch (a new permutation each call when shuffling).</summary>
    public IReadOnlyList<int[]> NextEpoch()
    {
        var order = new int[DatasetSize];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        _rng?.Shuffle(order.AsSpan());
        var batches = new int[BatchCount][];
        for (int k = 0; k < batches.Length; k++)
        {
            int start = k * BatchSize;
            batches[k] = order[start..Math.Min(start + BatchSize, DatasetSize)];
        }

        return batches;
    }
}
