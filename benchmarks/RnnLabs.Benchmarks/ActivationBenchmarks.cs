using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Benchmarks;

/// <summary>
/// σ and tanh on 4096 floats (a gate block of a recurrent step), our kernels per SIMD path against
/// TensorPrimitives, which is the baseline of each category (its time does not depend on the path).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ActivationBenchmarks
{
    private float[] _x = [], _y = [];

    /// <summary>Elements per call.</summary>
    [Params(4096)]
    public int Length { get; set; }

    /// <summary>Instruction set of our kernels.</summary>
    [ParamsSource(nameof(Paths))]
    public SimdPath Path { get; set; }

    /// <summary>Scalar, and every vector path this CPU accelerates.</summary>
    public static IEnumerable<SimdPath> Paths()
    {
        yield return SimdPath.Scalar;
        if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            yield return SimdPath.Vector256;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            yield return SimdPath.Vector512;
        }
    }

    /// <summary>Pre-activations uniform in [−8, 8] from a fixed seed: both saturating and linear regions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = new Rng(1).Uniform<float>(-8, 8, Length).ToArray();
        _y = new float[Length];
    }

    /// <summary>System.Numerics.Tensors σ.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sigmoid")]
    public void SigmoidTensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.Sigmoid<float>(_x, _y);

    /// <summary>Our σ.</summary>
    [Benchmark]
    [BenchmarkCategory("Sigmoid")]
    public void Sigmoid() => Activations.Sigmoid<float>(_x, _y, Path);

    /// <summary>System.Numerics.Tensors tanh.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Tanh")]
    public void TanhTensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.Tanh<float>(_x, _y);

    /// <summary>Our tanh.</summary>
    [Benchmark]
    [BenchmarkCategory("Tanh")]
    public void Tanh() => Activations.Tanh<float>(_x, _y, Path);
}
