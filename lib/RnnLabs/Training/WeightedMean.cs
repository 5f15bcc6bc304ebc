namespace RnnLabs.Training;

/// <summary>Σ wᵢ·xᵢ / Σ wᵢ: batch losses weighted by their counted elements, so a short last batch weighs what it holds.</summary>
internal struct WeightedMean
{
    private double _sum;

    /// <summary>Σ wᵢ.</summary>
    public double Weight { get; private set; }

    /// <summary>The mean, NaN while empty.</summary>
    public readonly double Value => Weight > 0 ? _sum / Weight : double.NaN;

    /// <summary>Adds xᵢ = <paramref name="value"/> with weight wᵢ = <paramref name="weight"/>.</summary>
    public void Add(double value, double weight)
    {
        _sum += value * weight;
        Weight += weight;
    }
}
