using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnLabs.Kernels;

/// <summary>
/// The gate nonlinearities of the recurrent cells, element-wise on spans:
/// <c>σ(x) = 1 / (1 + e^{−x})</c> and <c>tanh(x) = (e^{x} − e^{−x}) / (e^{x} + e^{−x})</c>.
/// </summary>
/// <remarks>
/// <para>float runs our own kernel on the widest path the CPU accelerates, Vector512 (AVX-512F), else Vector256
/// (AVX2 and FMA); the algorithm is described on the vector bodies in ActivationVectors.cs. On the AVX-512 machine
/// of issue 5 it is 2–3× faster than TensorPrimitives, which evaluates float exp in double precision.
/// Without either path <see cref="SimdPath.Auto"/> uses TensorPrimitives, which still vectorises with 128-bit
/// registers (SSE, Arm NEON) where a scalar loop would not; <see cref="SimdPath.Scalar"/> forces the scalar loop.
/// The two vector paths give bit-identical results, so runs reproduce across AVX2 and AVX-512 machines.</para>
/// <para>Accuracy of float, on every path: relative error ≤ 5e−7 (about 4 ulp) against the exact value for every
/// finite input whose result is a normal float; where the exact σ(x) is subnormal (x &lt; −87.3) the result is
/// within 2⁻¹⁴⁹ of it instead. Special values: NaN → NaN; tanh(±∞) = ±1, tanh(−0) = −0, and tanh saturates to
/// exactly ±1; σ(+∞) = 1, σ(−∞) = 0, and σ saturates to exactly 1 and 0, never NaN.</para>
/// <para>double (and any other T) delegates to TensorPrimitives: float64 is for gradient checks, where
/// exactness matters more than speed.</para>
/// </remarks>
public static partial class Activations
{
    /// <summary>y = σ(x) = 1 / (1 + e^{−x}) element-wise; x and y may be the same span (in place).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Outputs, same length as <paramref name="x"/>; either the same span or not overlapping it.</param>
    /// <param name="path">Instruction set for float (ignored for other types); <see cref="SimdPath.Auto"/> picks the fastest.</param>
    /// <exception cref="PlatformNotSupportedException">A vector path was forced that this CPU lacks.</exception>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y, SimdPath path = SimdPath.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSpans(x, y, nameof(Sigmoid));
        if (typeof(T) == typeof(float) && Resolve(path) is { } kernel)
        {
            Apply<SigmoidOp>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), kernel);
        }
        else
        {
            TensorPrimitives.Sigmoid(x, y);
        }
    }

    /// <summary>y = tanh(x) element-wise; x and y may be the same span (in place).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Outputs, same length as <paramref name="x"/>; either the same span or not overlapping it.</param>
    /// <param name="path">Instruction set for float (ignored for other types); <see cref="SimdPath.Auto"/> picks the fastest.</param>
    /// <exception cref="PlatformNotSupportedException">A vector path was forced that this CPU lacks.</exception>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y, SimdPath path = SimdPath.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSpans(x, y, nameof(Tanh));
        if (typeof(T) == typeof(float) && Resolve(path) is { } kernel)
        {
            Apply<TanhOp>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), kernel);
        }
        else
        {
            TensorPrimitives.Tanh(x, y);
        }
    }

    private static void CheckSpans<T>(ReadOnlySpan<T> x, Span<T> y, string operation)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException(
                $"{operation}: y must have the length of x: expected {x.Length}, got {y.Length}", nameof(y));
        }

        if (x.Overlaps(y, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{operation}: y must be x itself (in place) or not overlap it, got y shifted by {offset} elements from x", nameof(y));
        }
    }

    /// <summary>
    /// The vector width our float kernels run on by default: Vector512 with AVX-512F, else Vector256 with AVX2 and FMA,
    /// else null (TensorPrimitives). The fused cell rows, which call these kernels lane by lane, follow the same rule.
    /// </summary>
    internal static SimdPath? FloatPath { get; } = Resolve(SimdPath.Auto);

    /// <summary>The float kernel to run, or null where TensorPrimitives is the better choice.</summary>
    private static SimdPath? Resolve(SimdPath path) => path switch
    {
        SimdPath.Auto when Vector512.IsHardwareAccelerated && Avx512F.IsSupported => SimdPath.Vector512,
        SimdPath.Auto when Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported => SimdPath.Vector256,
        SimdPath.Auto => null,
        SimdPath.Scalar => SimdPath.Scalar,
        SimdPath.Vector512 when Avx512F.IsSupported => SimdPath.Vector512,
        SimdPath.Vector256 when Avx2.IsSupported && Fma.IsSupported => SimdPath.Vector256,
        SimdPath.Vector512 => throw new PlatformNotSupportedException($"path {path} needs AVX-512F, which this CPU lacks"),
        SimdPath.Vector256 => throw new PlatformNotSupportedException($"path {path} needs AVX2 and FMA, which this CPU lacks"),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, $"expected a {nameof(SimdPath)} value, got {path}"),
    };

    private static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y, SimdPath path)
        where TOp : struct, IActivation
    {
        switch (path)
        {
            case SimdPath.Vector512:
                Apply512<TOp>(x, y);
                break;
            case SimdPath.Vector256:
                Apply256<TOp>(x, y);
                break;
            default:
                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = TOp.Invoke(x[i]);
                }

                break;
        }
    }

    private static void Apply512<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IActivation
    {
        int n = x.Length, w = Vector512<float>.Count;
        if (n < w)
        {
            // Too short for one vector: run one on a zero-padded copy so short spans get the same results.
            Span<float> buffer = stackalloc float[Vector512<float>.Count];
            x.CopyTo(buffer);
            TOp.Invoke(Vector512.Create<float>(buffer)).CopyTo(buffer);
            buffer[..n].CopyTo(y);
            return;
        }

        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        // The tail is one vector ending at n, overlapping the last full one. Load it first: in place, the loop
        // would already have overwritten its inputs.
        Vector512<float> last = Vector512.LoadUnsafe(ref xs, (nuint)(n - w));
        for (int i = 0; i <= n - w; i += w)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        }

        if (n % w != 0)
        {
            TOp.Invoke(last).StoreUnsafe(ref ys, (nuint)(n - w));
        }
    }

    private static void Apply256<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IActivation
    {
        int n = x.Length, w = Vector256<float>.Count;
        if (n < w)
        {
            Span<float> buffer = stackalloc float[Vector256<float>.Count];
            x.CopyTo(buffer);
            TOp.Invoke(Vector256.Create<float>(buffer)).CopyTo(buffer);
            buffer[..n].CopyTo(y);
            return;
        }

        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        Vector256<float> last = Vector256.LoadUnsafe(ref xs, (nuint)(n - w));
        for (int i = 0; i <= n - w; i += w)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        }

        if (n % w != 0)
        {
            TOp.Invoke(last).StoreUnsafe(ref ys, (nuint)(n - w));
        }
    }

    /// <summary>One activation at every width, so the span loops are written once.</summary>
    private interface IActivation
    {
        static abstract float Invoke(float x);

        static abstract Vector256<float> Invoke(Vector256<float> x);

        static abstract Vector512<float> Invoke(Vector512<float> x);
    }

    private readonly struct SigmoidOp : IActivation
    {
        /// <summary>The scalar loop: σ(x) = 1/(1 + t), or t/(1 + t) for x &lt; 0, with t = e^{−|x|}, which cannot overflow.</summary>
        public static float Invoke(float x)
        {
            float t = MathF.Exp(-MathF.Abs(x));
            return (x < 0 ? t : 1f) / (1f + t);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => Sigmoid(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => Sigmoid(x);
    }

    private readonly struct TanhOp : IActivation
    {
        public static float Invoke(float x) => MathF.Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x) => Tanh(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x) => Tanh(x);
    }
}
