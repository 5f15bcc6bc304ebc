using RnnLabs.Data;
using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace RnnLabs.Torch.Tests;

/// <summary>
/// A long TorchSharp training loop leaves nothing behind: every step runs in a dispose scope, so TorchSharp's count of
/// live tensors on this thread is the same after 1,000 steps as before the first, and the process's resident memory
/// stops growing once the first steps have warmed up libtorch's caches. Resident memory is process-wide, so this runs
/// alone, after the parallel tests.
/// </summary>
[Collection(nameof(TorchTrainerMemoryTests))]
public sealed class TorchTrainerMemoryTests(ITestOutputHelper output)
{
    private const int TotalSteps = 1000;
    private const int WarmUpSteps = 100;
    private const long RssGrowthBar = 16L << 20;

    [Fact]
    public void ThousandSteps_KeepLiveTensorsAndResidentMemoryFlat()
    {
        var rng = new Rng(5);
        var model = new Sequential<float>
        {
            new Lstm<float>(new RecurrentOptions(2, 16) { ReturnSequences = false }, rng),
            new Dense<float>(16, 1, rng),
        };
        using var twin = TorchSequenceModel.From(model);
        using var trainer = new TorchTrainer<float>(twin, new AdamOptions(LearningRate: 1e-2), clipNorm: 1.0);
        var batches = Enumerable.Range(0, 10)
            .Select(_ => AddingProblem.Batch<float>(20, 16, rng))
            .Select(b => new Batch<float>(b.Inputs, b.Targets))
            .ToList();

        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        long liveBefore = statistics.ThreadTotalLiveCount;
        long rssBefore = ResidentBytes();
        long rssAfterWarmUp = 0;
        long liveMax = liveBefore;
        for (int step = 1; step <= TotalSteps; step++)
        {
            trainer.Step(batches[step % batches.Count]);
            liveMax = Math.Max(liveMax, statistics.ThreadTotalLiveCount);
            if (step == WarmUpSteps)
            {
                rssAfterWarmUp = ResidentBytes();
            }
        }

        long liveAfter = statistics.ThreadTotalLiveCount;
        long rssAfter = ResidentBytes();
        output.WriteLine(
            $"live tensors: {liveBefore} before, {liveAfter} after {TotalSteps} steps (max {liveMax} between steps); " +
            $"RSS: {Mb(rssBefore)} before, {Mb(rssAfterWarmUp)} after {WarmUpSteps} steps, {Mb(rssAfter)} after {TotalSteps} " +
            $"(growth over the last {TotalSteps - WarmUpSteps} steps: {Mb(rssAfter - rssAfterWarmUp)})");

        Assert.Equal(TotalSteps, trainer.StepCount);
        Assert.Equal(liveBefore, liveMax);
        Assert.Equal(liveBefore, liveAfter);
        Assert.True(rssAfter - rssAfterWarmUp < RssGrowthBar,
            $"resident memory grew by {Mb(rssAfter - rssAfterWarmUp)} over steps {WarmUpSteps + 1}..{TotalSteps}");
    }

    /// <summary>The process's resident set after a full garbage collection, so managed garbage does not blur it.</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MB";
}

/// <summary>Runs <see cref="TorchTrainerMemoryTests"/> with no other test in parallel.</summary>
[CollectionDefinition(nameof(TorchTrainerMemoryTests), DisableParallelization = true)]
public sealed class TorchTrainerMemoryCollection;
