namespace RnnLabs.Training;

/// <summary>One optimizer step of a <see cref="TrainingHistory"/>.</summary>
/// <param name="Step">1-based step number within the <c>Fit</c> call.</param>
/// <param name="Epoch">1-based epoch the step belongs to.</param>
/// <param name="Loss">The batch's training loss, before the update.</param>
/// <param name="GradNorm">Global gradient norm ‖g‖ = √(Σ_p ‖g_p‖²), before clipping.</param>
/// <param name="LearningRate">The learning rate the update used.</param>
public sealed record StepRecord(int Step, int Epoch, double Loss, double GradNorm, double LearningRate);

/// <summary>One epoch of a <see cref="TrainingHistory"/> (the last one may be partial if training stopped inside it).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Steps">Number of steps run in this epoch.</param>
/// <param name="LastStep">Step number of the epoch's last step.</param>
/// <param name="TrainLoss">Mean training loss of the epoch, weighted by each batch's counted elements.</param>
/// <param name="ValidationLoss">The latest validation loss measured during this epoch, or null if none ran.</param>
/// <param name="Elapsed">Wall time since the start of <c>Fit</c> at the end of this epoch.</param>
public sealed record EpochRecord(int Epoch, int Steps, int LastStep, double TrainLoss, double? ValidationLoss, TimeSpan Elapsed);

/// <summary>One validation run of a <see cref="TrainingHistory"/>.</summary>
/// <param name="Step">Steps done when it ran.</param>
/// <param name="Epoch">Epoch it ran in.</param>
/// <param name="Loss">Mean validation loss, weighted by counted elements.</param>
public sealed record ValidationRecord(int Step, int Epoch, double Loss);
