using BenchmarkDotNet.Attributes;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Benchmarks;

/// <summary>Single-thread SGEMM on the shapes a recurrent step uses, per SIMD path.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>Square size M = N = K.</summary>
    [Params(128, 256)]
    public int Size { get; set; }

    /// <summary>Instruction set.</summary>
    [Params(SimdPath.Vector256, SimdPath.Vector512)]
    public SimdPath Path { get; set; }

    /// <summary>Random operands from a fixed seed; one kernel thread.</summary>
    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Count = 1;
        var rng = new Rng(1);
        _a = rng.Uniform<float>(-1, 1, Size * Size).ToArray();
        _b = rng.Uniform<float>(-1, 1, Size * Size).ToArray();
        _c = new float[Size * Size];
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(false, false, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size, Path);
}
