using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnLabs.Kernels;

/// <summary>
/// The vector bodies of <see cref="Activations"/>, callable one register at a time from fused loops
/// (a gate kernel can apply σ right after its bias add, without a trip through memory).
/// The Vector512 bodies need AVX-512F, the Vector256 bodies AVX2 and FMA; both give bit-identical results.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>σ(x) = 2⁻⁶⁴ / (2⁻⁶⁴ + t) with t = 2⁻⁶⁴·e^{−x}, x clamped to [−104, 40]. The 2⁻⁶⁴ keeps t finite and
/// normal over the whole range, so one correctly rounded division gives σ everywhere, subnormal results included.</item>
/// <item>tanh(x) = sign(x)·u/(2 − u) with u = 1 − e^{−2a} = −expm1(−2a), a = |x| clamped to 10. u is computed with
/// relative accuracy down to a → 0 (u ≈ 2a), so tanh(x) ≈ x keeps its relative accuracy near 0 with no second formula.</item>
/// </list>
/// Exponentials: e^{−kx} = 2^m·e^{−kρ} with m = round(−kx/ln2) and ρ = x + m·ln2/k, so |kρ| ≤ ln2/2. For σ, whose m
/// reaches 150, ln2 is split Cody–Waite style so m·Ln2Hi is exact; for tanh one step is enough, its error being
/// scaled by 2^m. e^{−kρ} comes from a minimax polynomial (relative error 4e−9 for exp, 2e−8 for expm1, fitted with
/// float coefficients) and 2^m from the exponent field: VSCALEFPS on AVX-512, integer bits on AVX2. The clamps are
/// VMINPS/VMAXPS(limit, x), which return their second operand when either is NaN, so NaN passes through and propagates.
/// A division costs about as much as a reciprocal estimate plus a Newton step here, and is exact, so it is used.
/// Measured maximum relative error over all finite floats: 1.6e−7 for σ, 2.1e−7 for tanh (both widths are bit-identical).
/// </remarks>
public static partial class Activations
{
    /// <summary>σ is clamped to [−104, 40]: below, σ rounds to 0 (e^{−104} &lt; 2⁻¹⁵⁰); above, it rounds to 1.</summary>
    private const float SigmoidLow = -104f, SigmoidHigh = 40f;

    /// <summary>|x| is clamped to 10 for tanh, where it rounds to ±1.</summary>
    private const float TanhClamp = 10f;

    private const float Log2E = 1.44269504f, Ln2 = 0.693147182f;

    /// <summary>ln 2 = Ln2Hi + Ln2Lo; Ln2Hi has 16 significant bits, so m·Ln2Hi is exact for |m| ≤ 255.</summary>
    private const float Ln2Hi = 0.693145752f, Ln2Lo = 1.42860677e-6f;

    /// <summary>1.5·2²³: adding it rounds to an integer, which then sits in the low mantissa bits.</summary>
    private const float RoundingShifter = 12582912f;

    /// <summary>2⁻⁶⁴: σ works with 2⁻⁶⁴·e^{−x}, which stays finite (and normal) for every clamped x.</summary>
    private const float TwoToMinus64 = 1f / 18446744073709551616f;

    /// <summary>e^r ≈ 1 + r + C2·r² + … + C6·r⁶ on |r| ≤ ln2/2 (minimax in relative error).</summary>
    private const float C2 = 0.49999994f, C3 = 0.166665211f, C4 = 0.041668389f, C5 = 0.00836871006f, C6 = 0.00138146128f;

    /// <summary>expm1(r) ≈ r·(1 + Q1·r + … + Q5·r⁵) on |r| ≤ ln2/2 (minimax in relative error).</summary>
    private const float Q1 = 0.49999997f, Q2 = 0.166665435f, Q3 = 0.0416672006f, Q4 = 0.008366514f, Q5 = 0.00138825225f;

    /// <summary>σ(x) per lane; same accuracy and special values as <see cref="Sigmoid{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Sigmoid(Vector512<float> x)
    {
        Vector512<float> xc = Avx512F.Max(Vector512.Create(SigmoidLow), Avx512F.Min(Vector512.Create(SigmoidHigh), x));
        Vector512<float> z = MulAdd(xc, Vector512.Create(-Log2E), Vector512.Create(RoundingShifter));
        Vector512<float> m = z - Vector512.Create(RoundingShifter);
        Vector512<float> rho = MulAdd(m, Vector512.Create(Ln2Lo), MulAdd(m, Vector512.Create(Ln2Hi), xc));
        // 2⁻⁶⁴·e^{−ρ} = Σ 2⁻⁶⁴·C_k·(−ρ)^k: scaling by a power of two is exact, the odd coefficients change sign.
        Vector512<float> p = MulAdd(Vector512.Create(C6 * TwoToMinus64), rho, Vector512.Create(-C5 * TwoToMinus64));
        p = MulAdd(p, rho, Vector512.Create(C4 * TwoToMinus64));
        p = MulAdd(p, rho, Vector512.Create(-C3 * TwoToMinus64));
        p = MulAdd(p, rho, Vector512.Create(C2 * TwoToMinus64));
        p = MulAdd(p, rho, Vector512.Create(-TwoToMinus64));
        p = MulAdd(p, rho, Vector512.Create(TwoToMinus64));
        Vector512<float> t = Avx512F.Scale(p, m);
        return Vector512.Create(TwoToMinus64) / (Vector512.Create(TwoToMinus64) + t);
    }

    /// <summary>tanh(x) per lane; same accuracy and special values as <see cref="Tanh{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Avx512F.Min(Vector512.Create(TanhClamp), Vector512.Abs(x));
        Vector512<float> z = MulAdd(a, Vector512.Create(-2 * Log2E), Vector512.Create(RoundingShifter));
        Vector512<float> m = z - Vector512.Create(RoundingShifter);
        // One Cody–Waite step is enough here: its error is scaled by e^{−2a} = 2^m·…, small wherever |m| is large.
        Vector512<float> rho = MulAdd(m, Vector512.Create(Ln2 / 2), a);
        // w = 1 − e^{−2ρ} = −expm1(−2ρ) = ρ·Σ 2·Q_k·(−2ρ)^k.
        Vector512<float> w = MulAdd(Vector512.Create(-64 * Q5), rho, Vector512.Create(32 * Q4));
        w = MulAdd(w, rho, Vector512.Create(-16 * Q3));
        w = MulAdd(w, rho, Vector512.Create(8 * Q2));
        w = MulAdd(w, rho, Vector512.Create(-4 * Q1));
        w = MulAdd(w, rho, Vector512.Create(2f));
        w *= rho;
        Vector512<float> scale = Avx512F.Scale(Vector512<float>.One, m);
        // u = 1 − 2^m·e^{−2ρ} = (1 − 2^m) + 2^m·w: exact 1 − 2^m, so no cancellation when m = 0.
        Vector512<float> u = MulAdd(scale, w, Vector512<float>.One - scale);
        Vector512<float> magnitude = u / (Vector512.Create(2f) - u);
        return magnitude | (x & Vector512.Create(-0f));
    }

    /// <summary>σ(x) per lane on 256-bit registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> xc = Avx.Max(Vector256.Create(SigmoidLow), Avx.Min(Vector256.Create(SigmoidHigh), x));
        Vector256<float> z = MulAdd(xc, Vector256.Create(-Log2E), Vector256.Create(RoundingShifter));
        Vector256<float> m = z - Vector256.Create(RoundingShifter);
        Vector256<float> rho = MulAdd(m, Vector256.Create(Ln2Lo), MulAdd(m, Vector256.Create(Ln2Hi), xc));
        Vector256<float> p = MulAdd(Vector256.Create(C6), rho, Vector256.Create(-C5));
        p = MulAdd(p, rho, Vector256.Create(C4));
        p = MulAdd(p, rho, Vector256.Create(-C3));
        p = MulAdd(p, rho, Vector256.Create(C2));
        p = MulAdd(p, rho, Vector256.Create(-1f));
        p = MulAdd(p, rho, Vector256<float>.One);
        // m sits in the low bits of z: shifted into the exponent field with the bias 127 − 64 it gives 2^{m−64}.
        Vector256<int> scale = Vector256.ShiftLeft(z.AsInt32(), 23) + Vector256.Create((127 - 64) << 23);
        Vector256<float> t = p * scale.AsSingle();
        return Vector256.Create(TwoToMinus64) / (Vector256.Create(TwoToMinus64) + t);
    }

    /// <summary>tanh(x) per lane on 256-bit registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> a = Avx.Min(Vector256.Create(TanhClamp), Vector256.Abs(x));
        Vector256<float> z = MulAdd(a, Vector256.Create(-2 * Log2E), Vector256.Create(RoundingShifter));
        Vector256<float> m = z - Vector256.Create(RoundingShifter);
        Vector256<float> rho = MulAdd(m, Vector256.Create(Ln2 / 2), a);
        Vector256<float> w = MulAdd(Vector256.Create(-64 * Q5), rho, Vector256.Create(32 * Q4));
        w = MulAdd(w, rho, Vector256.Create(-16 * Q3));
        w = MulAdd(w, rho, Vector256.Create(8 * Q2));
        w = MulAdd(w, rho, Vector256.Create(-4 * Q1));
        w = MulAdd(w, rho, Vector256.Create(2f));
        w *= rho;
        Vector256<float> scale = (Vector256.ShiftLeft(z.AsInt32(), 23) + Vector256.Create(127 << 23)).AsSingle();
        Vector256<float> u = MulAdd(scale, w, Vector256<float>.One - scale);
        Vector256<float> magnitude = u / (Vector256.Create(2f) - u);
        return magnitude | (x & Vector256.Create(-0f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.FusedMultiplyAdd(a, b, c);
}
