using BenchmarkDotNet.Attributes;

namespace RnnLabs.Benchmarks;

/// <summary>
/// The FMA-peak probe: <see cref="Iterations"/> rounds of 12 independent FMA chains per thread. GFLOP/s =
/// <see cref="FmaPeak.Flops"/> / time; <c>--table</c> prints it. Width 512 is only meaningful where
/// Vector512.IsHardwareAccelerated (else the JIT emulates it with two 256-bit halves).
/// </summary>
public class FmaPeakBenchmarks
{
    /// <summary>FMA rounds per chain per thread: 12·2^21 FMAs per thread.</summary>
    public const int Iterations = 1 << 21;

    /// <summary>Vector width in bits.</summary>
    [Params(256, 512)]
    public int Width { get; set; }

    /// <summary>Threads running the chains at once.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Runs the chains; the sum is returned so the JIT keeps them.</summary>
    [Benchmark]
    public float Fma() => FmaPeak.Run(Width, Iterations, Threads);
}
