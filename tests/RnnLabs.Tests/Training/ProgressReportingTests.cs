using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class ProgressReportingTests
{
    private static (RecordingProgress Progress, TrainingHistory History) Run(int interval, bool lazyBatches)
    {
        var (x, y) = LinearData.Make(new Rng(3), 64, 1, 0, 0.1);
        var model = new LinearModel();
        var sgd = new Sgd(model.NamedParameters().Select(p => p.Parameter), 0.1);
        var progress = new RecordingProgress();
        var trainer = new Trainer<double>(model, new MseLoss(), sgd, new TrainerOptions { Epochs = 2, ReportInterval = interval }, progress: progress);
        var batches = LinearData.Batches(x, y, 8);
        var history = trainer.Fit(_ => lazyBatches ? OneByOne(batches) : batches);
        return (progress, history);
    }

    // An iterator hides its count, as a streaming data loader would.
    private static IEnumerable<Batch<double>> OneByOne(List<Batch<double>> batches)
    {
        foreach (var b in batches)
        {
            yield return b;
        }
    }

    public static TheoryData<int, int[]> IntervalsAndSteps => new()
    {
        { 3, [3, 6, 9, 12, 15, 16] },
        { 4, [4, 8, 12, 16, 16] },
        { 100, [16] },
    };

    [Theory]
    [MemberData(nameof(IntervalsAndSteps))]
    public void Reports_EveryIntervalStepsPlusOneFinal(int interval, int[] expectedSteps)
    {
        var (progress, _) = Run(interval, lazyBatches: false);

        Assert.Equal(expectedSteps, progress.Reports.Select(r => r.Step));
        Assert.Equal([.. Enumerable.Repeat(false, expectedSteps.Length - 1), true], progress.Reports.Select(r => r.IsFinal));
    }

    [Fact]
    public void Reports_KnownTotal_GiveNonNegativeEtaAndEndAtTheTotal()
    {
        var (progress, _) = Run(3, lazyBatches: false);

        Assert.All(progress.Reports, r => Assert.Equal(16, r.TotalSteps));
        Assert.All(progress.Reports, r => Assert.True(r.Eta >= TimeSpan.Zero, $"eta {r.Eta}"));
        Assert.Equal(TimeSpan.Zero, progress.Reports[^1].Eta);
        Assert.Equal(2, progress.Reports[^1].Epoch);
    }

    [Fact]
    public void Reports_LazyBatches_LearnTheTotalAfterTheFirstEpoch()
    {
        var (progress, _) = Run(3, lazyBatches: true);

        Assert.Equal([null, null, 16, 16, 16, 16], progress.Reports.Select(r => r.TotalSteps));
    }

    [Fact]
    public void Reports_Loss_IsTheMeanSinceThePreviousReport()
    {
        var (progress, history) = Run(3, lazyBatches: false);

        var losses = history.Steps.Select(s => s.Loss).ToArray();
        Assert.Equal((losses[3] + losses[4] + losses[5]) / 3, progress.Reports[1].Loss);
        Assert.Equal(losses[15], progress.Reports[^1].Loss);
    }

    [Fact]
    public void ToString_ShowsEpochStepAndLoss()
    {
        var p = new TrainingProgress(2, 10, 40, 200, 0.125, 0.25, 0.01, TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(5), false);

        Assert.Equal("epoch 2/10  step 40/200  loss 0.125  val 0.25  lr 0.01  1:01 elapsed, 0:05 left", p.ToString());
    }
}
