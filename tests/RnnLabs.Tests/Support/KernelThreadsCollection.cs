namespace RnnLabs.Tests.Support;

/// <summary>
/// Tests that set the process-wide <see cref="RnnLabs.Kernels.KernelThreads.Count"/> run alone, so a test comparing
/// 1 and 2 threads really runs on 2.
/// </summary>
[CollectionDefinition(nameof(KernelThreadsCollection), DisableParallelization = true)]
public class KernelThreadsCollection
{
}
