using RnnLabs.Kernels;

namespace RnnLabs.Benchmarks;

/// <summary>A GEMM C[M×N] = A[M×K]·B[K×N]; 2·M·N·K FLOPs.</summary>
public sealed record GemmShape(string Name, int M, int N, int K)
{
    /// <summary>
    /// 256³ (the SGEMM bar) and the recurrent step h·W_hhᵀ of an LSTM, [B, H]·[H, 4H], small and medium.
    /// </summary>
    public static IReadOnlyList<GemmShape> All { get; } =
    [
        new("square 256", 256, 256, 256),
        new("LSTM step small [32,128]·[128,512]", 32, 512, 128),
        new("LSTM step medium [64,256]·[256,1024]", 64, 1024, 256),
    ];

    /// <summary>2·M·N·K.</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>C = A·B, row-major, with the widest accelerated path.</summary>
    public void Run(float[] a, float[] b, float[] c) =>
        Gemm.Multiply(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N, SimdPath.Auto);

    /// <inheritdoc/>
    public override string ToString() => $"{M}x{N}x{K}";
}
