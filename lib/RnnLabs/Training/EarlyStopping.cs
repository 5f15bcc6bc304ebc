using System.Globalization;
using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// Stops training when the validation loss has not improved for <see cref="Patience"/> validation runs in a row,
/// where a run improves if L_val &lt; best − <see cref="MinDelta"/> (a NaN loss never improves). With
/// <see cref="RestoreBestWeights"/> it copies the parameter values at the best run and puts them back when
/// training ends, whether it stopped early or not, so the model returned is the one that validated best.
/// </summary>
public sealed class EarlyStopping<T> : ITrainerCallback<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(Parameter<T> Parameter, Tensor<T> Copy)> _best = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="patience">Non-improving validation runs tolerated before stopping (≥ 1).</param>
    /// <param name="minDelta">Smallest decrease that counts as an improvement (≥ 0).</param>
    /// <param name="restoreBestWeights">Restore the best parameter values at the end of training.</param>
    public EarlyStopping(int patience = 5, double minDelta = 0, bool restoreBestWeights = true)
    {
        Guard.Positive(patience, nameof(EarlyStopping<T>), nameof(patience));
        Guard.InRange(minDelta, 0, double.MaxValue, nameof(EarlyStopping<T>), nameof(minDelta));
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Non-improving validation runs tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>Smallest decrease of the validation loss that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best parameter values are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Best validation loss seen in the current run (+∞ before the first validation).</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>Step at which <see cref="BestLoss"/> was measured (0 before the first validation).</summary>
    public int BestStep { get; private set; }

    /// <summary>Epoch in which <see cref="BestLoss"/> was measured (0 before the first validation).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Validation runs since the last improvement.</summary>
    public int RunsWithoutImprovement { get; private set; }

    /// <summary>True when the best weights were put back at the end of the latest run.</summary>
    public bool Restored { get; private set; }

    /// <inheritdoc />
    public void OnTrainBegin(TrainerContext<T> context)
    {
        // Reset, so one instance can serve several Fit calls.
        BestLoss = double.PositiveInfinity;
        BestStep = 0;
        BestEpoch = 0;
        RunsWithoutImprovement = 0;
        Restored = false;
        _best.Clear();
    }

    /// <inheritdoc />
    public void OnValidation(TrainerContext<T> context)
    {
        double loss = context.ValidationLoss ?? double.NaN;
        if (loss < BestLoss - MinDelta)
        {
            BestLoss = loss;
            BestStep = context.Step;
            BestEpoch = context.Epoch;
            RunsWithoutImprovement = 0;
            if (RestoreBestWeights)
            {
                Snapshot(context.Model);
            }

            return;
        }

        RunsWithoutImprovement++;
        if (RunsWithoutImprovement >= Patience)
        {
            context.RequestStop(string.Create(
                CultureInfo.InvariantCulture,
                $"early stopping: validation loss did not improve by more than {MinDelta} for {Patience} validations (best {BestLoss:G6} at step {BestStep}, epoch {BestEpoch})"));
        }
    }

    /// <inheritdoc />
    public void OnTrainEnd(TrainerContext<T> context)
    {
        foreach (var (parameter, copy) in _best)
        {
            parameter.Value.CopyFrom(copy);
        }

        Restored = _best.Count > 0;
    }

    private void Snapshot(ILayer<T> model)
    {
        if (_best.Count == 0)
        {
            foreach (var (_, p) in model.NamedParameters())
            {
                _best.Add((p, p.Value.Clone()));
            }

            return;
        }

        foreach (var (parameter, copy) in _best)
        {
            copy.CopyFrom(parameter.Value);
        }
    }
}
