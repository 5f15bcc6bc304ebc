namespace RnnLabs.Kernels;

/// <summary>
/// How many threads the matrix kernels may use. Large products split their columns (or, when there are too few,
/// their rows) of C between threads; every element of C is still summed by one thread in the same order, so the
/// results are bit-identical for every thread count. Products too small to repay the hand-off run on the calling thread.
/// </summary>
/// <remarks>
/// Process-wide, like <c>torch.set_num_threads</c>: threads are a property of the machine, not of a model. When two
/// threads multiply at once, only one gets the helpers; the other runs alone (same results, only slower).
/// </remarks>
public static class KernelThreads
{
    private static int _count = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Threads per product, from 1 (the calling thread only) to the number of cores; default min(2, cores).</summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            if (value < 1 || value > Environment.ProcessorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"KernelThreads.Count: expected 1 to {Environment.ProcessorCount} (the cores of this machine), got {value}");
            }

            Volatile.Write(ref _count, value);
        }
    }
}
