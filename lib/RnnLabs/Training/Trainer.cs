using System.Diagnostics;
using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// One training loop for every model: only the <see cref="ILayer{T}"/> changes between an RNN, LSTM or GRU run.
/// Each step, for a batch (x, y, mask, lengths):
/// <code>
/// η     = schedule(optimizer.StepCount)            (or the optimizer's own rate)
/// ŷ     = model.Forward(x, lengths, training: true)
/// L, ∂L/∂ŷ = loss(ŷ, y, mask)                      refuse the step if L is not finite
/// g     = model.Backward(∂L/∂ŷ)                    refuse the step if any g_p is not finite
/// ‖g‖   = √(Σ_p ‖g_p‖²)                            recorded before clipping
/// g    ← g · ClipNorm / (‖g‖ + 10⁻⁶)   if ‖g‖ &gt; ClipNorm   (PyTorch's clip_grad_norm_)
/// θ    ← optimizer.Step()
/// </code>
/// A refused step throws <see cref="TrainingDivergedException"/> with the parameters untouched. There is no
/// randomness here: shuffling and dropout draw from the caller's seeded <see cref="Rng"/>, so the same seeds give
/// bit-identical histories.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (string Name, Parameter<T> Parameter)[] _parameters;
    private readonly ITrainerCallback<T>[] _callbacks;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TrainingStep<T> _step;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model; its <c>NamedParameters</c> are checked, clipped and named in errors.</param>
    /// <param name="loss">The training and validation loss.</param>
    /// <param name="optimizer">Updates the model's parameters (all of them or a subset, e.g. with a frozen embedding).</param>
    /// <param name="options">Epochs, clipping, schedule, validation and report intervals (default: one epoch).</param>
    /// <param name="callbacks">Hooks called in the given order, e.g. <see cref="EarlyStopping{T}"/>.</param>
    /// <param name="progress">Receives a <see cref="TrainingProgress"/> every <see cref="TrainerOptions.ReportInterval"/> steps and at the end.</param>
    /// <exception cref="ArgumentException">The optimizer updates a parameter the model does not have.</exception>
    public Trainer(
        ILayer<T> model,
        ILoss<T> loss,
        IOptimizer<T> optimizer,
        TrainerOptions? options = null,
        IEnumerable<ITrainerCallback<T>>? callbacks = null,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        Loss = loss;
        Optimizer = optimizer;
        Options = options ?? new TrainerOptions();
        _callbacks = callbacks?.ToArray() ?? [];
        _progress = progress;
        // A parameter shared by two layers is counted once in the norm and scaled once by clipping.
        _parameters = model.NamedParameters().DistinctBy(p => p.Parameter, ReferenceEqualityComparer.Instance).ToArray();
        var owned = _parameters.Select(p => p.Parameter).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var p in optimizer.Parameters)
        {
            if (!owned.Contains(p))
            {
                throw new ArgumentException(
                    $"Trainer optimizer: expected only parameters of the model ({model.GetType().Name}), got '{p.Name}' {p.Value.ShapeString} " +
                    "that the model does not have (was the optimizer built for another model instance?)",
                    nameof(optimizer));
            }
        }

        _step = new TrainingStep<T>(model, loss, optimizer, Options, _parameters);
    }

    /// <summary>The model being trained.</summary>
    public ILayer<T> Model { get; }

    /// <summary>The loss.</summary>
    public ILoss<T> Loss { get; }

    /// <summary>The optimizer.</summary>
    public IOptimizer<T> Optimizer { get; }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Epochs"/> epochs (or until MaxSteps, a callback's stop request, or
    /// cancellation) and returns what was measured. Batches whose mask is all zero are skipped: they carry no
    /// loss. Cancellation is checked between steps and ends training cleanly: the history is returned with
    /// <see cref="TrainingHistory.StopReason"/> saying so and the parameters are those of the last full step.
    /// While it runs, the model's recurrent layers (the model itself or inside a <see cref="Sequential{T}"/>) reuse
    /// their result buffers (<see cref="Recurrent.RecurrentLayer{T}.ReuseResultBuffers"/>); their previous setting is
    /// restored when it returns or throws.
    /// </summary>
    /// <param name="trainBatches">Epoch (1-based) → that epoch's batches, so the caller shuffles per epoch with its own seeded <see cref="Rng"/>.</param>
    /// <param name="validation">Validation batches, evaluated per epoch or every <see cref="TrainerOptions.ValidateEverySteps"/>.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <exception cref="TrainingDivergedException">A loss or gradient was NaN or ±∞; the parameters were not updated by that step.</exception>
    /// <exception cref="ArgumentException">An epoch had no usable batch, or a batch has lengths the model cannot take.</exception>
    public TrainingHistory Fit(
        Func<int, IEnumerable<Batch<T>>> trainBatches,
        IEnumerable<Batch<T>>? validation = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainBatches);
        using var reuse = new RecurrentBufferReuse<T>(Model);
        var clock = Stopwatch.StartNew();
        var history = new TrainingHistory();
        var context = new TrainerContext<T>(Model, Optimizer, Options, history);
        var reporter = new ProgressReporter(_progress, Options);
        Each(c => c.OnTrainBegin(context));
        string? stop = context.StopReason;
        for (int epoch = 1; epoch <= Options.Epochs && stop is null; epoch++)
        {
            stop = cancellationToken.IsCancellationRequested ? Cancelled(context)
                : context.Step == Options.MaxSteps ? MaxStepsReached()
                : null;
            if (stop is not null)
            {
                break;
            }

            context.Epoch = epoch;
            var batches = trainBatches(epoch)
                ?? throw new ArgumentException($"Trainer trainBatches: expected the batches of epoch {epoch}, got null", nameof(trainBatches));
            if (batches.TryGetNonEnumeratedCount(out int count))
            {
                reporter.KnowStepsPerEpoch(count);
            }

            var epochLoss = new WeightedMean();
            int firstStep = context.Step + 1;
            bool epochDone = false;
            bool maxSteps = false;
            using (var e = batches.GetEnumerator())
            {
                while (stop is null)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        stop = Cancelled(context);
                        break;
                    }

                    if (!e.MoveNext())
                    {
                        epochDone = true;
                        break;
                    }

                    // Checked after MoveNext so that MaxSteps landing on the last batch of the last epoch is a normal end.
                    if (context.Step == Options.MaxSteps)
                    {
                        maxSteps = true;
                        stop = MaxStepsReached();
                        break;
                    }

                    var batch = e.Current ?? throw new ArgumentException(
                        $"Trainer trainBatches: expected batches, got null after step {context.Step} of epoch {epoch}", nameof(trainBatches));
                    double counted = batch.CountedElements;
                    if (counted == 0)
                    {
                        continue;
                    }

                    _step.Run(batch, context);
                    epochLoss.Add(context.Loss, counted);
                    reporter.OnStep(epoch, context.Step, context.Loss, context.ValidationLoss, context.LearningRate, clock.Elapsed);
                    Each(c => c.OnStepEnd(context));
                    if (Options.ValidateEverySteps is int every && context.Step % every == 0 && validation is not null && !context.StopRequested)
                    {
                        stop = Validate(validation, context, cancellationToken);
                    }

                    stop ??= context.StopReason;
                }
            }

            int steps = context.Step - firstStep + 1;
            if (steps == 0)
            {
                if (stop is not null)
                {
                    break;
                }

                throw new ArgumentException(
                    $"Trainer trainBatches: expected at least one batch with counted elements in epoch {epoch}, got none", nameof(trainBatches));
            }

            if (epochDone)
            {
                reporter.KnowStepsPerEpoch(steps);
            }

            // A MaxSteps stop still validates, so the final model gets a validation loss.
            if (Options.ValidateEverySteps is null && validation is not null && (epochDone || maxSteps) && !context.StopRequested)
            {
                stop = Validate(validation, context, cancellationToken) ?? stop;
            }

            double? epochValidation = history.Validations.Count > 0 && history.Validations[^1].Epoch == epoch
                ? history.Validations[^1].Loss
                : null;
            history.Add(new EpochRecord(epoch, steps, context.Step, epochLoss.Value, epochValidation, clock.Elapsed));
            history.Elapsed = clock.Elapsed;
            Each(c => c.OnEpochEnd(context));
            stop ??= context.StopReason;
        }

        history.StopReason = stop;
        history.StoppedEarly = stop is not null;
        history.Elapsed = clock.Elapsed;
        reporter.Finish(context.Epoch, context.Step, context.ValidationLoss, context.LearningRate, clock.Elapsed);
        Each(c => c.OnTrainEnd(context));
        return history;
    }

    /// <summary>
    /// Mean loss over <paramref name="batches"/> with training = false, each batch weighted by its counted
    /// elements (Σ mask, or the target's size), so a short last batch weighs what it holds. No gradient is touched.
    /// </summary>
    /// <exception cref="ArgumentException">No batch has a counted element.</exception>
    public double Evaluate(IEnumerable<Batch<T>> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var mean = new WeightedMean();
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(batch, nameof(batches));
            double counted = batch.CountedElements;
            if (counted > 0)
            {
                mean.Add(Loss.Compute(TrainingStep<T>.Forward(Model, batch, training: false, nameof(batches)), batch.Target, batch.Mask).Value, counted);
            }
        }

        if (mean.Weight == 0)
        {
            throw new ArgumentException("Trainer.Evaluate batches: expected at least one batch with counted elements, got none", nameof(batches));
        }

        return mean.Value;
    }

    private string? Validate(IEnumerable<Batch<T>> validation, TrainerContext<T> context, CancellationToken cancellationToken)
    {
        double loss;
        try
        {
            loss = Evaluate(validation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(context);
        }

        context.History.Add(new ValidationRecord(context.Step, context.Epoch, loss));
        context.ValidationLoss = loss;
        Each(c => c.OnValidation(context));
        return context.StopReason;
    }

    private static string Cancelled(TrainerContext<T> context) => $"cancelled after step {context.Step} (epoch {context.Epoch})";

    private string MaxStepsReached() => $"reached MaxSteps ({Options.MaxSteps}) before the last epoch ended";

    private void Each(Action<ITrainerCallback<T>> hook)
    {
        foreach (var c in _callbacks)
        {
            hook(c);
        }
    }
}
