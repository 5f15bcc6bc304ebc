using RnnLabs.Interactive.Tests.Support;

namespace RnnLabs.Interactive.Tests;

public class LiveProgressTests
{
    [Fact]
    public void Reports_ShowOnceThenUpdateThatDisplay()
    {
        var display = new RecordingDisplay();
        var clock = new ManualClock();
        var progress = new LiveProgress(display, clock, TimeSpan.FromSeconds(0.25));

        for (int step = 1; step <= 4; step++)
        {
            progress.Report(Fixtures.Progress(step));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["show", "update", "update", "update"], display.Kinds);
        Assert.Contains("step 4/10", display.Current);
    }

    [Fact]
    public void Reports_WithinRefreshInterval_AreNotDrawnUntilTheFinalOne()
    {
        var display = new RecordingDisplay();
        var progress = new LiveProgress(display, new ManualClock(), TimeSpan.FromSeconds(0.25));

        for (int step = 1; step <= 5; step++)
        {
            progress.Report(Fixtures.Progress(step));
        }

        progress.Report(Fixtures.Progress(10, isFinal: true));

        Assert.Equal(["show", "update"], display.Kinds);
        Assert.Contains("✓ done: 10 steps", display.Current);
    }

    [Fact]
    public void Report_WhenStepGoesBack_StartsANewDisplay()
    {
        var display = new RecordingDisplay();
        var progress = new LiveProgress(display, new ManualClock(), TimeSpan.Zero);

        progress.Report(Fixtures.Progress(1));
        progress.Report(Fixtures.Progress(2));
        progress.Report(Fixtures.Progress(1));

        Assert.Equal(["show", "update", "show"], display.Kinds);
    }

    [Fact]
    public void Html_ShowsEpochStepLossValidationEtaAndProgressBar()
    {
        var display = new RecordingDisplay();
        var progress = new LiveProgress(display, new ManualClock(), TimeSpan.Zero);

        progress.Report(Fixtures.Progress(2));
        progress.Report(Fixtures.Progress(6));

        string html = display.Current;
        Assert.Contains("epoch 1/2", html);
        Assert.Contains("step 6/10", html);
        Assert.Contains("loss 0.1667", html);
        Assert.Contains("val 0.5", html);
        Assert.Contains("0:06 elapsed", html);
        Assert.Contains("0:04 left", html);
        Assert.Contains("width: 60%", html);
        Assert.Contains("<polyline", html);
    }

    [Fact]
    public void Sparkline_IsOmittedWhenChartIsOff()
    {
        var display = new RecordingDisplay();
        var progress = new LiveProgress(display, new ManualClock(), TimeSpan.Zero, showChart: false);

        progress.Report(Fixtures.Progress(1));
        progress.Report(Fixtures.Progress(2));

        Assert.DoesNotContain("<svg", display.Current);
    }

    [Fact]
    public void Trainer_DrivesLiveProgress_EndingWithTheFinalReport()
    {
        var display = new RecordingDisplay();
        var progress = new LiveProgress(display, new ManualClock(), TimeSpan.Zero);

        var history = Fixtures.History(progress);

        Assert.Equal("show", display.Calls[0].Kind);
        Assert.All(display.Calls.Skip(1), c => Assert.Equal("update", c.Kind));
        Assert.True(progress.Latest!.IsFinal);
        Assert.Contains($"✓ done: {history.Steps.Count} steps", display.Current);
    }

    [Fact]
    public void Constructor_NegativeRefreshInterval_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LiveProgress(TimeSpan.FromSeconds(-1)));

        Assert.Equal("refreshInterval", e.ParamName);
        Assert.Contains("-00:00:01", e.Message);
    }
}
