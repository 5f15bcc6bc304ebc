using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Kernels;

/// <summary>A row bias fused into the product gives the same bits as the product followed by a separate bias add.</summary>
public class GemmRowBiasTests
{
    [Theory]
    [MemberData(nameof(GemmTests.Paths), MemberType = typeof(GemmTests))]
    public void Multiply_WithRowBias_EqualsProductThenBiasAddBitForBit(SimdPath path)
    {
        var rng = new Rng(31);
        foreach (int m in new[] { 1, 5, 6, 32, 33 })
        {
            foreach (int n in new[] { 1, 17, 64, 130, 600 })
            {
                foreach (int k in new[] { 0, 3, 64, 200, 300 })
                {
                    foreach (float beta in new[] { 0f, 1f, 0.5f })
                    {
                        foreach (bool ta in new[] { false, true })
                        {
                            foreach (bool tb in new[] { false, true })
                            {
                                int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
                                var a = rng.Uniform<float>(-1, 1, Math.Max(1, (ta ? k : m) * lda)).ToArray();
                                var b = rng.Uniform<float>(-1, 1, Math.Max(1, (tb ? n : k) * ldb)).ToArray();
                                var c = rng.Uniform<float>(-1, 1, m * ldc).ToArray();
                                var bias = rng.Uniform<float>(-1, 1, n).ToArray();
                                var expected = (float[])c.Clone();
                                Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, expected, ldc, path);
                                AddToRows(expected, m, n, ldc, bias);
                                var actual = (float[])c.Clone();
                                Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, actual, ldc, path, bias);
                                Assert.True(expected.AsSpan().SequenceEqual(actual),
                                    $"m={m} n={n} k={k} β={beta} transposeA={ta} transposeB={tb} path={path}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(GemmTests.Paths), MemberType = typeof(GemmTests))]
    public void Multiply_PackedWithRowBias_EqualsProductThenBiasAddBitForBit(SimdPath path)
    {
        var rng = new Rng(32);
        var packed = new PackedMatrix<float>(path);
        foreach (int m in new[] { 1, 16, 32, 65 })
        {
            foreach (int n in new[] { 64, 100, 512 })
            {
                foreach (int k in new[] { 128, 300 })
                {
                    foreach (float beta in new[] { 0f, 1f })
                    {
                        var a = rng.Uniform<float>(-1, 1, m * k).ToArray();
                        var w = rng.Uniform<float>(-1, 1, n * k).ToArray();
                        var c = rng.Uniform<float>(-1, 1, m * n).ToArray();
                        var bias = rng.Uniform<float>(-1, 1, n).ToArray();
                        packed.Pack(w, k, k, n, transpose: true);
                        var expected = (float[])c.Clone();
                        Gemm.Multiply(m, a, k, packed, beta, expected, n);
                        AddToRows(expected, m, n, n, bias);
                        var actual = (float[])c.Clone();
                        Gemm.Multiply(m, a, k, packed, beta, actual, n, bias);
                        Assert.True(expected.AsSpan().SequenceEqual(actual), $"m={m} n={n} k={k} β={beta} path={path}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Multiply_RowBiasOfWrongLength_NamesItAndTheColumnCount()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 3, 2, 1f, new float[4], 2, new float[6], 3, 0f, new float[6], 3, SimdPath.Auto, new float[2]));
        Assert.Equal("rowBias", ex.ParamName);
        Assert.Contains("one value per column of C (3), got 2", ex.Message);
    }

    private static void AddToRows(float[] c, int m, int n, int ldc, float[] bias)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                c[i * ldc + j] += bias[j];
            }
        }
    }
}
