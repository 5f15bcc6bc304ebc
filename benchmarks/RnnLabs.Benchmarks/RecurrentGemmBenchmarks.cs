using BenchmarkDotNet.Attributes;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Benchmarks;

/// <summary>The GEMM shapes that matter for the issue, with the library's best SIMD path, on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class RecurrentGemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>The shape M×N×K.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.All[0];

    /// <summary>Every shape of <see cref="GemmShape.All"/>.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.All;

    /// <summary>Kernel threads (<see cref="KernelThreads.Count"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Random operands from a fixed seed; sets the thread count.</summary>
    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Count = Threads;
        var rng = new Rng(1);
        _a = rng.Uniform<float>(-1, 1, Shape.M * Shape.K).ToArray();
        _b = rng.Uniform<float>(-1, 1, Shape.K * Shape.N).ToArray();
        _c = new float[Shape.M * Shape.N];
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void Multiply() => Shape.Run(_a, _b, _c);
}
