using RnnLabs.Training;

namespace RnnLabs.Interactive;

/// <summary>
/// Live training progress in a notebook: one output that updates in place with epoch, step, loss, validation
/// loss, learning rate, elapsed time, ETA, a progress bar and a loss sparkline.
/// <code>
/// var trainer = new Trainer&lt;float&gt;(model, loss, optimizer, options, progress: new LiveProgress());
/// </code>
/// The trainer reports synchronously on the training thread, so the display follows the run as it happens.
/// Updates are throttled to one per refresh interval (the first and final reports always show). Reused for a
/// second <c>Fit</c>, it starts a new output when the step count goes back.
/// </summary>
public sealed class LiveProgress : IProgress<TrainingProgress>
{
    private readonly ILiveDisplay _display;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _refreshInterval;
    private readonly bool _showChart;
    private readonly List<(int Step, double Loss)> _losses = [];
    private long _lastShown;
    private bool _shown;

    /// <summary>Creates a live display for the notebook cell that runs the training.</summary>
    /// <param name="refreshInterval">Least time between two updates (default 0.25 s): fewer messages for fast loops.</param>
    /// <param name="showChart">Draw the loss sparkline under the status line.</param>
    public LiveProgress(TimeSpan? refreshInterval = null, bool showChart = true)
        : this(new KernelLiveDisplay(), TimeProvider.System, refreshInterval, showChart)
    {
    }

    /// <summary>Creates a live display drawing on <paramref name="display"/> with time from <paramref name="clock"/>.</summary>
    internal LiveProgress(ILiveDisplay display, TimeProvider clock, TimeSpan? refreshInterval = null, bool showChart = true)
    {
        ArgumentNullException.ThrowIfNull(display);
        ArgumentNullException.ThrowIfNull(clock);
        var interval = refreshInterval ?? TimeSpan.FromSeconds(0.25);
        if (interval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshInterval), interval, $"LiveProgress refreshInterval: expected ≥ 0, got {interval}");
        }

        _display = display;
        _clock = clock;
        _refreshInterval = interval;
        _showChart = showChart;
    }

    /// <summary>The latest report, or null before the first.</summary>
    public TrainingProgress? Latest { get; private set; }

    /// <summary>Records <paramref name="value"/> and redraws if the refresh interval has passed or training ended.</summary>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Latest is { } previous && value.Step < previous.Step)
        {
            _losses.Clear();
            _shown = false;
        }

        Latest = value;
        if (_losses.Count == 0 || _losses[^1].Step != value.Step)
        {
            _losses.Add((value.Step, value.Loss));
        }

        long now = _clock.GetTimestamp();
        if (!_shown)
        {
            _display.Show(ProgressHtml.Render(value, _losses, _showChart));
            _shown = true;
            _lastShown = now;
        }
        else if (value.IsFinal || _clock.GetElapsedTime(_lastShown, now) >= _refreshInterval)
        {
            _display.Update(ProgressHtml.Render(value, _losses, _showChart));
            _lastShown = now;
        }
    }
}
