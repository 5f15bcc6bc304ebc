using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLabs.Benchmarks;

/// <summary>
/// The machine's practical FMA peak: each thread runs 12 independent chains acc ← acc·a + b (enough to hide the
/// FMA latency on two ports), so throughput, not latency, bounds it. FLOPs = 2 per lane per FMA. The chains
/// converge to b/(1−a) = 1, so no value ever overflows or turns denormal.
/// </summary>
public static class FmaPeak
{
    /// <summary>Independent accumulators per thread.</summary>
    public const int Chains = 12;

    /// <summary>The widest vector width (in bits) the JIT accelerates: 512, else 256.</summary>
    public static int BestWidth => Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>FLOPs of one <see cref="Run"/>: 2 · lanes · chains · iterations · threads.</summary>
    public static double Flops(int width, int iterations, int threads) =>
        2.0 * (width / 32) * Chains * (double)iterations * threads;

    /// <summary>Runs <paramref name="iterations"/> FMA rounds of every chain on each of <paramref name="threads"/> threads.</summary>
    public static float Run(int width, int iterations, int threads)
    {
        if (threads == 1)
        {
            return Chain(width, iterations);
        }

        var results = new float[threads];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() => results[index] = Chain(width, iterations));
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return results.Sum();
    }

    private static float Chain(int width, int iterations) =>
        width == 512 ? Chain512(iterations) : Chain256(iterations);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain512(int iterations)
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(0.001f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b);
            c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain256(int iterations)
    {
        var a = Vector256.Create(0.999f);
        var b = Vector256.Create(0.001f);
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b);
            c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b);
            c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
