using RnnLabs.Kernels;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Kernels;

/// <summary>
/// The paired weight-gradient product (C1 += Aᵀ·B1, C2 += Aᵀ·B2 in one pass over A) gives exactly what the two
/// products give one after the other, on every path and on 1 or 2 threads.
/// </summary>
[Collection(nameof(KernelThreadsCollection))]
public class GemmTransposedPairTests
{
    public static TheoryData<SimdPath, int, int, int, int> Cases()
    {
        var data = new TheoryData<SimdPath, int, int, int, int>();
        foreach (SimdPath path in GemmTests.Paths())
        {
            data.Add(path, 512, 1600, 64, 128); // the small LSTM: dGᵀ·X and dGᵀ·H_prev
            data.Add(path, 256, 300, 128, 256); // the medium RNN's widths, split by panels on 2 threads
            data.Add(path, 37, 200, 17, 70);    // partial strips and partial panels on both sides
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MultiplyTransposedPair_EqualsTheTwoProductsBitForBit(SimdPath path, int m, int k, int n1, int n2)
    {
        var rng = new Rng(41);
        int lda = m + 5;
        var a = rng.Uniform<float>(-1, 1, k * lda).ToArray();
        var b1 = rng.Uniform<float>(-1, 1, k * n1).ToArray();
        var b2 = rng.Uniform<float>(-1, 1, k * n2).ToArray();
        var c1 = rng.Uniform<float>(-1, 1, m * n1).ToArray();
        var c2 = rng.Uniform<float>(-1, 1, m * n2).ToArray();
        var expected1 = (float[])c1.Clone();
        var expected2 = (float[])c2.Clone();
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            Gemm.Multiply(true, false, m, n1, k, 1f, a, lda, b1, n1, 1f, expected1, n1, path);
            Gemm.Multiply(true, false, m, n2, k, 1f, a, lda, b2, n2, 1f, expected2, n2, path);
            foreach (int threads in new[] { 1, Math.Min(2, Environment.ProcessorCount) })
            {
                KernelThreads.Count = threads;
                var actual1 = (float[])c1.Clone();
                var actual2 = (float[])c2.Clone();
                Gemm.MultiplyTransposedPair(m, k, a, lda, b1, n1, actual1, b2, n2, actual2, path);
                Assert.True(expected1.AsSpan().SequenceEqual(actual1), $"C1 differs on {threads} thread(s), path {path}");
                Assert.True(expected2.AsSpan().SequenceEqual(actual2), $"C2 differs on {threads} thread(s), path {path}");
            }
        }
        finally
        {
            KernelThreads.Count = before;
        }
    }

    [Fact]
    public void MultiplyTransposedPair_SecondOutputTooShort_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedPair(4, 3, new float[12], 4, new float[6], 2,
            new float[8], new float[9], 3, new float[11]));
        Assert.Contains("c2", error.Message);
    }
}
