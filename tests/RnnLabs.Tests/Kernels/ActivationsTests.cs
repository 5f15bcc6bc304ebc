using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Kernels;

public class ActivationsTests
{
    /// <summary>The documented bound: relative error against the exact value.</summary>
    private const double RelativeBound = 5e-7;

    public static TheoryData<SimdPath> Paths()
    {
        var data = new TheoryData<SimdPath> { SimdPath.Auto, SimdPath.Scalar };
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            data.Add(SimdPath.Vector256);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            data.Add(SimdPath.Vector512);
        }

        return data;
    }

    /// <summary>Auto and every vector path this CPU accelerates.</summary>
    public static TheoryData<SimdPath> VectorPaths()
    {
        var data = new TheoryData<SimdPath>();
        foreach (SimdPath path in Paths())
        {
            if (path != SimdPath.Scalar)
            {
                data.Add(path);
            }
        }

        return data;
    }

    private delegate void SpanFunction(ReadOnlySpan<float> x, Span<float> y);

    private static double SigmoidReference(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static double TanhReference(double x) => Math.Tanh(x);

    /// <summary>2²¹ + 1 evenly spaced floats over [−20, 20], the range where neither function has saturated.</summary>
    private static float[] DenseSweep()
    {
        const int n = (1 << 21) + 1;
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(-20.0 + 40.0 * i / (n - 1));
        }

        return x;
    }

    /// <summary>Every 1021st bit pattern that is a finite float: all exponents, both signs, normal and subnormal.</summary>
    private static float[] AllFiniteStrided() => BitPatterns(0, uint.MaxValue, 1021);

    /// <summary>Finite floats whose bit patterns lie in [from, to], every <paramref name="stride"/>-th.</summary>
    private static float[] BitPatterns(uint from, uint to, uint stride)
    {
        var x = new List<float>();
        for (ulong bits = from; bits <= to; bits += stride)
        {
            float v = BitConverter.UInt32BitsToSingle((uint)bits);
            if (float.IsFinite(v))
            {
                x.Add(v);
            }
        }

        return [.. x];
    }

    /// <summary>
    /// Applies <paramref name="f"/> to all of <paramref name="x"/> and fails with the worst input unless every result
    /// is within <see cref="RelativeBound"/> of the reference, or within 2⁻¹⁴⁹ where the exact value is subnormal.
    /// </summary>
    private static void AssertWithinBound(float[] x, SpanFunction f, Func<double, double> reference, string what)
    {
        var y = new float[x.Length];
        f(x, y);
        double worstRatio = 0, worstRelative = 0;
        int worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = reference(x[i]);
            double error = Math.Abs(y[i] - expected);
            double ratio = error / Math.Max(RelativeBound * Math.Abs(expected), float.Epsilon);
            if (double.IsNaN(ratio) || ratio > worstRatio)
            {
                worstRatio = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
                worstRelative = error / Math.Abs(expected);
                worst = i;
            }
        }

        Assert.True(worstRatio <= 1, $"{what}: at x = {x[worst]:R} got {y[worst]:R}, exact {reference(x[worst]):R} " +
            $"(relative error {worstRelative:E2}, bound {RelativeBound:E0}) over {x.Length} inputs");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sigmoid_Float_WithinRelativeBound_OnDenseSweepOfMinus20To20(SimdPath path) =>
        AssertWithinBound(DenseSweep(), (x, y) => Activations.Sigmoid<float>(x, y, path), SigmoidReference, $"σ {path}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_WithinRelativeBound_OnDenseSweepOfMinus20To20(SimdPath path) =>
        AssertWithinBound(DenseSweep(), (x, y) => Activations.Tanh<float>(x, y, path), TanhReference, $"tanh {path}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sigmoid_Float_WithinBound_OnAllFiniteFloatsIncludingSubnormalResults(SimdPath path) =>
        AssertWithinBound(AllFiniteStrided(), (x, y) => Activations.Sigmoid<float>(x, y, path), SigmoidReference, $"σ {path}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_WithinRelativeBound_OnAllFiniteFloats(SimdPath path) =>
        AssertWithinBound(AllFiniteStrided(), (x, y) => Activations.Tanh<float>(x, y, path), TanhReference, $"tanh {path}");

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_KeepsRelativeAccuracyNearZero(SimdPath path)
    {
        // |x| from the smallest subnormal to 0.7, both signs, where tanh(x) ≈ x − x³/3 must not lose digits.
        float[] positive = BitPatterns(1, BitConverter.SingleToUInt32Bits(0.7f), 401);
        float[] inputs = [.. positive, .. positive.Select(v => -v)];
        AssertWithinBound(inputs, (x, y) => Activations.Tanh<float>(x, y, path), TanhReference, $"tanh {path} near 0");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sigmoid_Float_SpecialValues_NaNStaysNaN_InfinitiesGiveOneAndZero_LargeInputsSaturate(SimdPath path)
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, -float.MaxValue, 1e10f, -1e10f, 200f, -200f];
        var y = new float[x.Length];
        Activations.Sigmoid<float>(x, y, path);
        Assert.True(float.IsNaN(y[0]), $"σ(NaN) = {y[0]}");
        Assert.Equal([1f, 0f, 0.5f, 0.5f, 1f, 0f, 1f, 0f, 1f, 0f], y[1..]);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_SpecialValues_NaNStaysNaN_InfinitiesGiveSignedOne_ZeroKeepsItsSign(SimdPath path)
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, -float.MaxValue, 20f, -20f, 1e10f];
        var y = new float[x.Length];
        Activations.Tanh<float>(x, y, path);
        Assert.True(float.IsNaN(y[0]), $"tanh(NaN) = {y[0]}");
        Assert.Equal([1f, -1f, 0f, -0f, 1f, -1f, 1f, -1f, 1f], y[1..]);
        Assert.True(float.IsNegative(y[4]), "tanh(−0) must be −0");
        Assert.False(float.IsNegative(y[3]), "tanh(+0) must be +0");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sigmoid_Float_EveryLength0To70_GivesPositionIndependentResultsAndWritesOnlyLengthElements(SimdPath path) =>
        AssertTailsConsistent((x, y) => Activations.Sigmoid<float>(x, y, path));

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_EveryLength0To70_GivesPositionIndependentResultsAndWritesOnlyLengthElements(SimdPath path) =>
        AssertTailsConsistent((x, y) => Activations.Tanh<float>(x, y, path));

    /// <summary>
    /// Each prefix length n runs its own tail handling; element i must come out bit-identical to the full-length
    /// run, and y past n must stay untouched.
    /// </summary>
    private static void AssertTailsConsistent(SpanFunction f)
    {
        const int max = 70;
        float[] x = new Rng(3).Uniform<float>(-12, 12, max).ToArray();
        var full = new float[max];
        f(x, full);
        for (int n = 0; n <= max; n++)
        {
            var y = Enumerable.Repeat(float.NaN, max + 1).ToArray();
            f(x.AsSpan(0, n), y.AsSpan(0, n));
            Assert.Equal(full[..n], y[..n]);
            Assert.All(y[n..], v => Assert.True(float.IsNaN(v), $"length {n}: wrote past the end"));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sigmoid_Float_InPlace_MatchesOutOfPlace_ForEveryLength0To70(SimdPath path)
    {
        for (int n = 0; n <= 70; n++)
        {
            float[] x = new Rng((ulong)n).Uniform<float>(-12, 12, n).ToArray();
            var expected = new float[n];
            Activations.Sigmoid<float>(x, expected, path);
            Activations.Sigmoid<float>(x, x, path);
            Assert.Equal(expected, x);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Tanh_Float_InPlace_MatchesOutOfPlace_ForEveryLength0To70(SimdPath path)
    {
        for (int n = 0; n <= 70; n++)
        {
            float[] x = new Rng((ulong)n).Uniform<float>(-12, 12, n).ToArray();
            var expected = new float[n];
            Activations.Tanh<float>(x, expected, path);
            Activations.Tanh<float>(x, x, path);
            Assert.Equal(expected, x);
        }
    }

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void SigmoidAndTanh_Float_VectorPathsGiveBitIdenticalResults(SimdPath path)
    {
        float[] x = [.. AllFiniteStrided(), float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        Activations.Sigmoid<float>(x, expected);
        Activations.Sigmoid<float>(x, actual, path);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Activations.Tanh<float>(x, expected);
        Activations.Tanh<float>(x, actual, path);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SigmoidAndTanh_Double_MatchReferenceToDoublePrecision()
    {
        double[] x = new Rng(5).Uniform<double>(-30, 30, 1000).ToArray();
        var sigmoid = new double[x.Length];
        var tanh = new double[x.Length];
        Activations.Sigmoid<double>(x, sigmoid);
        Activations.Tanh<double>(x, tanh);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(sigmoid[i] - SigmoidReference(x[i])) <= 1e-15 * SigmoidReference(x[i]), $"σ({x[i]:R}) = {sigmoid[i]:R}");
            Assert.True(Math.Abs(tanh[i] - TanhReference(x[i])) <= 1e-15 * Math.Abs(TanhReference(x[i])), $"tanh({x[i]:R}) = {tanh[i]:R}");
        }
    }

    [Fact]
    public void Sigmoid_LengthMismatch_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.Sigmoid<float>(new float[7], new float[5]));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("expected 7", ex.Message);
        Assert.Contains("got 5", ex.Message);
    }

    [Fact]
    public void Tanh_LengthMismatch_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.Tanh<double>(new double[3], new double[4]));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("expected 3", ex.Message);
        Assert.Contains("got 4", ex.Message);
    }

    [Fact]
    public void Tanh_PartiallyOverlappingSpans_Throw()
    {
        var buffer = new float[40];
        var ex = Assert.Throws<ArgumentException>(() => Activations.Tanh<float>(buffer.AsSpan(0, 32), buffer.AsSpan(3, 32)));
        Assert.Equal("y", ex.ParamName);
        Assert.Contains("shifted by 3 elements", ex.Message);
    }

    [Fact]
    public void Sigmoid_UnknownPath_ThrowsArgumentOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Sigmoid<float>(new float[4], new float[4], (SimdPath)42));
        Assert.Equal("path", ex.ParamName);
        Assert.Contains("42", ex.Message);
    }
}
