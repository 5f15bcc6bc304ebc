using System.Numerics;

namespace RnnLabs.Tensors;

/// <summary>
/// The library's only source of randomness: xoshiro256** seeded through SplitMix64.
/// Unlike <see cref="System.Random"/>, whose seeded sequence may change between .NET versions,
/// a seed here means the same numbers on every machine and runtime.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        // SplitMix64 spreads any seed (even 0) over the 256-bit state; xoshiro must not start all-zero.
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            ulong high = Math.BigMul(r, bound, out ulong low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A normal draw N(<paramref name="mean"/>, <paramref name="std"/>²) by the Box–Muller transform.</summary>
    public double Normal(double mean = 0, double std = 1)
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return mean + std * spare;
        }

        // 1 - u keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return mean + std * radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="values"/> with uniform draws from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform<T>(Span<T> values, double low, double high) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(Uniform(low, high));
        }
    }

    /// <summary>Fills <paramref name="values"/> with draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public void FillNormal<T>(Span<T> values, double mean, double std) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(Normal(mean, std));
        }
    }

    /// <summary>A tensor of uniform draws from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public Tensor<T> Uniform<T>(double low, double high, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Tensor<T>(shape);
        FillUniform(t.AsSpan(), low, high);
        return t;
    }

    /// <summary>A tensor of draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public Tensor<T> Normal<T>(double mean, double std, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Tensor<T>(shape);
        FillNormal(t.AsSpan(), mean, std);
        return t;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A new generator seeded from this one, for an independent stream (e.g. one per data loader).</summary>
    public Rng Fork() => new(NextUInt64());

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
