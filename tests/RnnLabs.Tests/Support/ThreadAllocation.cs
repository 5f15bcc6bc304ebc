namespace RnnLabs.Tests.Support;

/// <summary>Managed bytes an action allocates on the calling thread.</summary>
internal static class ThreadAllocation
{
    /// <summary>
    /// The fewest bytes of three runs of <paramref name="action"/>. An allocation of the action itself happens in every
    /// run, so it cannot hide in the minimum; a one-off of the runtime on this thread (a method tiering up while other
    /// tests run in parallel, which made single measurements fail now and then) lands in one run at most.
    /// </summary>
    public static long FewestBytesOfThreeRuns(Action action)
    {
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
