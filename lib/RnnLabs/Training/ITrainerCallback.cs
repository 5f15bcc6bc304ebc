using System.Numerics;

namespace RnnLabs.Training;

/// <summary>
/// Hooks into <see cref="Trainer{T}"/>; implement only the ones you need (the others do nothing).
/// Order inside a run: OnTrainBegin, then per step OnStepEnd (and OnValidation when validating every N steps),
/// per epoch OnValidation (when validating per epoch) then OnEpochEnd, and OnTrainEnd after any clean stop
/// (completion, early stop, MaxSteps, cancellation; not after a <see cref="TrainingDivergedException"/>).
/// Any hook may call <see cref="TrainerContext{T}.RequestStop"/>.
/// </summary>
public interface ITrainerCallback<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Before the first step.</summary>
    void OnTrainBegin(TrainerContext<T> context)
    {
    }

    /// <summary>After each optimizer update; the step's loss, gradient norm and learning rate are in the context.</summary>
    void OnStepEnd(TrainerContext<T> context)
    {
    }

    /// <summary>After each validation run; <see cref="TrainerContext{T}.ValidationLoss"/> holds its result.</summary>
    void OnValidation(TrainerContext<T> context)
    {
    }

    /// <summary>After each epoch's record is in the history (including a partial last epoch).</summary>
    void OnEpochEnd(TrainerContext<T> context)
    {
    }

    /// <summary>After training stops cleanly, before <c>Fit</c> returns.</summary>
    void OnTrainEnd(TrainerContext<T> context)
    {
    }
}
