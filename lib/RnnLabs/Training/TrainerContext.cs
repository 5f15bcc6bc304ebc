using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Optim;

namespace RnnLabs.Training;

/// <summary>
/// What a <see cref="ITrainerCallback{T}"/> sees: the model, where training is, the latest measurements and
/// the history so far, and <see cref="RequestStop"/>. One context lives for a whole <c>Fit</c>; its values
/// change between calls, so copy what you want to keep.
/// </summary>
public sealed class TrainerContext<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal TrainerContext(ILayer<T> model, IOptimizer<T> optimizer, TrainerOptions options, TrainingHistory history)
    {
        Model = model;
        Optimizer = optimizer;
        Options = options;
        History = history;
    }

    /// <summary>The model being trained.</summary>
    public ILayer<T> Model { get; }

    /// <summary>The optimizer updating it.</summary>
    public IOptimizer<T> Optimizer { get; }

    /// <summary>The options of this run.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Everything measured so far.</summary>
    public TrainingHistory History { get; }

    /// <summary>Current 1-based epoch (0 before the first).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Steps done so far.</summary>
    public int Step { get; internal set; }

    /// <summary>Training loss of the latest step.</summary>
    public double Loss { get; internal set; } = double.NaN;

    /// <summary>Global gradient norm of the latest step, before clipping.</summary>
    public double GradNorm { get; internal set; } = double.NaN;

    /// <summary>Learning rate of the latest step.</summary>
    public double LearningRate { get; internal set; } = double.NaN;

    /// <summary>Latest validation loss, or null before the first validation.</summary>
    public double? ValidationLoss { get; internal set; }

    /// <summary>True once a callback asked training to stop.</summary>
    public bool StopRequested => StopReason is not null;

    /// <summary>The first reason given to <see cref="RequestStop"/>, or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>
    /// Asks the trainer to stop once the current hook returns (no further steps; a partial epoch is still
    /// recorded). The first request's reason is kept and ends up in <see cref="TrainingHistory.StopReason"/>.
    /// </summary>
    public void RequestStop(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        StopReason ??= reason;
    }
}
