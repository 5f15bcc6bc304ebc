namespace RnnLabs.Optim;

/// <summary>
/// Half a cosine from lr₀ down to η_min over T_max steps, as <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>:
/// <code>
/// lr_t = η_min + (lr₀ − η_min)·(1 + cos(π·t / T_max)) / 2   for t ≤ T_max
/// lr_t = η_min                                             for t &gt; T_max
/// </code>
/// PyTorch's closed form keeps following the cosine past T_max (the rate climbs back to lr₀ at 2·T_max);
/// here it stays at η_min, so a run longer than planned does not suddenly speed up again.
/// </summary>
public sealed record CosineAnnealingSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">lr₀, finite and &gt; 0.</param>
    /// <param name="tMax">T_max, the number of steps of the descent, &gt; 0.</param>
    /// <param name="etaMin">η_min in [0, lr₀], the final learning rate.</param>
    public CosineAnnealingSchedule(double baseLearningRate, int tMax, double etaMin = 0)
    {
        HyperParameter.Positive(baseLearningRate, nameof(CosineAnnealingSchedule), nameof(baseLearningRate));
        HyperParameter.PositiveCount(tMax, nameof(CosineAnnealingSchedule), nameof(tMax));
        if (!double.IsFinite(etaMin) || etaMin < 0 || etaMin > baseLearningRate)
        {
            throw new ArgumentOutOfRangeException(
                nameof(etaMin), etaMin, $"{nameof(CosineAnnealingSchedule)} {nameof(etaMin)}: expected a value in [0, {baseLearningRate}] (baseLearningRate), got {etaMin}");
        }

        BaseLearningRate = baseLearningRate;
        TMax = tMax;
        EtaMin = etaMin;
    }

    /// <summary>lr₀.</summary>
    public double BaseLearningRate { get; }

    /// <summary>T_max.</summary>
    public int TMax { get; }

    /// <summary>η_min.</summary>
    public double EtaMin { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        LearningRateScheduleExtensions.CheckStep(step, this);
        if (step >= TMax)
        {
            return EtaMin;
        }

        return EtaMin + (BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * step / TMax)) / 2;
    }
}
