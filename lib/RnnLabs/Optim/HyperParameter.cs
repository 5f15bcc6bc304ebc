namespace RnnLabs.Optim;

/// <summary>
/// Range checks for optimizer, schedule and clipping settings. Each message names the owner and the setting,
/// the range expected and the value received, e.g. <c>Adam Beta2: expected a finite value in [0, 1), got 1</c>.
/// </summary>
internal static class HyperParameter
{
    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static void Positive(double value, string owner, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner} {name}: expected a finite value > 0, got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static void NonNegative(double value, string owner, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner} {name}: expected a finite value >= 0, got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1): a decay rate that must keep some memory of new data.</summary>
    public static void DecayRate(double value, string owner, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner} {name}: expected a finite value in [0, 1), got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1].</summary>
    public static void Fraction(double value, string owner, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner} {name}: expected a finite value in [0, 1], got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> &gt; 0.</summary>
    public static void PositiveCount(int value, string owner, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{owner} {name}: expected an integer > 0, got {value}");
        }
    }
}
