using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// Supervised pairs cut from a series y of N steps with F features (<c>[N]</c> is read as F = 1):
/// window i starts at s_i = i·stride and gives
/// <code>
/// input_i  = y[s_i .. s_i + window)                                  [window, F]
/// target_i = y[s_i + window .. s_i + window + horizon), feature k     [horizon]
/// count    = ⌊(N − window − horizon) / stride⌋ + 1
/// </code>
/// so each target lies strictly after its input (no look-ahead). <see cref="Batch"/> stacks windows
/// time-major for the recurrent layers. The series is copied, so later changes to it do not leak in.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class SeriesWindows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Context = "SeriesWindows";
    private readonly T[] _series;

    /// <summary>Cuts windows from <paramref name="series"/>.</summary>
    /// <param name="series"><c>[N]</c> or <c>[N, F]</c>, time along the first axis, finite values.</param>
    /// <param name="window">Steps fed to the model per example.</param>
    /// <param name="horizon">Steps to predict after the window.</param>
    /// <param name="stride">Steps between the starts of consecutive windows.</param>
    /// <param name="targetFeature">k, the feature column the targets are taken from.</param>
    /// <exception cref="ArgumentException">The series has the wrong rank, non-finite values, or is shorter than window + horizon.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or <paramref name="targetFeature"/> is not a column.</exception>
    public SeriesWindows(Tensor<T> series, int window, int horizon = 1, int stride = 1, int targetFeature = 0)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Rank is not (1 or 2))
        {
            throw new ArgumentException($"{Context} series: expected [N] or [N, F] (time, features), got {series.ShapeString}", nameof(series));
        }

        Guard.Finite(series, Context, nameof(series));
        Guard.Positive(window, Context, nameof(window));
        Guard.Positive(horizon, Context, nameof(horizon));
        Guard.Positive(stride, Context, nameof(stride));
        int length = series.Size(0);
        Features = series.Rank == 2 ? series.Size(1) : 1;
        Guard.InRange(targetFeature, 0, Features - 1, Context, nameof(targetFeature));
        if (length < window + horizon)
        {
            throw new ArgumentException(
                $"{Context} series: expected at least window + horizon = {window + horizon} steps, got {length}", nameof(series));
        }

        _series = series.ToArray();
        Window = window;
        Horizon = horizon;
        Stride = stride;
        TargetFeature = targetFeature;
        Count = (length - window - horizon) / stride + 1;
    }

    /// <summary>Number of (input, target) pairs.</summary>
    public int Count { get; }

    /// <summary>Steps per input window.</summary>
    public int Window { get; }

    /// <summary>Steps per target.</summary>
    public int Horizon { get; }

    /// <summary>Steps between window starts.</summary>
    public int Stride { get; }

    /// <summary>F, features per step.</summary>
    public int Features { get; }

    /// <summary>k, the feature the targets come from.</summary>
    public int TargetFeature { get; }

    /// <summary>s_i, the series step where window <paramref name="index"/> starts.</summary>
    public int StartOf(int index)
    {
        CheckIndex(index, nameof(index));
        return index * Stride;
    }

    /// <summary>The input of window <paramref name="index"/>, <c>[window, F]</c>.</summary>
    public Tensor<T> Input(int index) =>
        Tensor<T>.FromArray(_series.AsSpan(StartOf(index) * Features, Window * Features), Window, Features);

    /// <summary>The target of window <paramref name="index"/>, <c>[horizon]</c>.</summary>
    public Tensor<T> Target(int index)
    {
        var target = new Tensor<T>(Horizon);
        CopyTarget(StartOf(index), target.AsSpan());
        return target;
    }

    /// <summary>
    /// Stacks the windows <paramref name="indices"/> (e.g. one batch of a <see cref="BatchSampler"/>) into
    /// time-major inputs <c>[window, B, F]</c> and targets <c>[B, horizon]</c>, batch column b being window indices[b].
    /// </summary>
    /// <exception cref="ArgumentException">No indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public (Tensor<T> Inputs, Tensor<T> Targets) Batch(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException($"{Context} indices: expected at least one window index, got none", nameof(indices));
        }

        int batch = indices.Count;
        var inputs = new Tensor<T>(Window, batch, Features);
        var targets = new Tensor<T>(batch, Horizon);
        var x = inputs.AsSpan();
        var y = targets.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            CheckIndex(indices[b], nameof(indices));
            int start = indices[b] * Stride;
            for (int t = 0; t < Window; t++)
            {
                _series.AsSpan((start + t) * Features, Features).CopyTo(x.Slice((t * batch + b) * Features, Features));
            }

            CopyTarget(start, y.Slice(b * Horizon, Horizon));
        }

        return (inputs, targets);
    }

    private void CopyTarget(int start, Span<T> target)
    {
        for (int h = 0; h < Horizon; h++)
        {
            target[h] = _series[(start + Window + h) * Features + TargetFeature];
        }
    }

    private void CheckIndex(int index, string argument)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(argument, index, $"{Context} {argument}: expected a window index in [0, {Count}), got {index}");
        }
    }
}
