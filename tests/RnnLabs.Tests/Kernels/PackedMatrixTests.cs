using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Kernels;

public class PackedMatrixTests
{
    [Theory]
    [MemberData(nameof(GemmTests.Paths), MemberType = typeof(GemmTests))]
    public void Multiply_WithPackedOperand_MatchesTripleLoop_ForTailsTransposesAndBeta(SimdPath path)
    {
        var rng = new Rng(21);
        var packed = new PackedMatrix<double>(path);
        foreach (int m in new[] { 0, 1, 5, 6, 7, 32, 65 })
        {
            foreach (int n in new[] { 1, 15, 64, 65, 600 })
            {
                foreach (int k in new[] { 1, 128, 300 })
                {
                    foreach (bool transpose in new[] { false, true })
                    {
                        int lda = k + 1, ldb = (transpose ? k : n) + 2, ldc = n + 3;
                        var a = rng.Uniform<double>(-1, 1, Math.Max(1, m * lda)).ToArray();
                        var b = rng.Uniform<double>(-1, 1, (transpose ? n : k) * ldb).ToArray();
                        var c = rng.Uniform<double>(-1, 1, Math.Max(1, m * ldc)).ToArray();
                        var expected = GemmTests.Reference(false, transpose, m, n, k, 1.0, a, lda, b, ldb, 0.5, c, ldc);
                        packed.Pack(b, ldb, k, n, transpose);
                        Gemm.Multiply(m, a, lda, packed, 0.5, c, ldc);
                        for (int i = 0; i < c.Length; i++)
                        {
                            Assert.True(Math.Abs(expected[i] - c[i]) <= 1e-12 * k,
                                $"m={m} n={n} k={k} transpose={transpose} at {i}: {c[i]} vs {expected[i]}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The float32 recurrent-step shape of a medium LSTM, [64, 256]·[256, 1024]: a packed operand is blocked 128 deep
    /// (unpacked products 256), so the two entry points round differently but both stay within the dot-product
    /// error bound |ŝ − s| ≤ k·u·Σ|a||b| (u = 2⁻²⁴) of the exact sum.
    /// </summary>
    [Fact]
    public void Multiply_WithPackedOperand_InFloat32_StaysWithinTheDotProductErrorBound()
    {
        var rng = new Rng(22);
        const int m = 64, n = 1024, k = 256;
        var a = rng.Uniform<float>(-1, 1, m * k).ToArray();
        var w = rng.Uniform<float>(-1, 1, n * k).ToArray();
        var packed = new PackedMatrix<float>();
        packed.Pack(w, k, k, n, transpose: true);
        var actual = new float[m * n];
        Gemm.Multiply(m, a, k, packed, 0f, actual, n);
        double u = Math.ScaleB(1, -24);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    exact += (double)a[i * k + p] * w[j * k + p];
                    magnitude += Math.Abs((double)a[i * k + p] * w[j * k + p]);
                }

                Assert.True(Math.Abs(actual[i * n + j] - exact) <= k * u * magnitude, $"C[{i}, {j}] = {actual[i * n + j]:R}, exact {exact:R}");
            }
        }
    }

    [Theory]
    [InlineData(128, 512)]
    [InlineData(3, 5)]
    [InlineData(512, 1024)]
    public unsafe void Pack_PanelsStartOnACacheLine_SoPanelLoadsNeverSplitALine(int rows, int columns)
    {
        var packed = new PackedMatrix<float>();

        packed.Pack(new float[rows * columns], columns, rows, columns, transpose: false);

        Assert.Equal(0, (long)packed.Pointer % 64);
    }

    [Fact]
    public void Pack_StorageTooShort_NamesOperandAndSizes()
    {
        var packed = new PackedMatrix<float>();
        var ex = Assert.Throws<ArgumentException>(() => packed.Pack(new float[10], 4, 3, 4, transpose: false));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("needs 12 elements, got 10", ex.Message);
    }

    [Fact]
    public void Multiply_WithPackedOperand_ADepthDifferentFromPackedRows_Throws()
    {
        var packed = new PackedMatrix<float>();
        packed.Pack(new float[12], 4, 3, 4, transpose: false);
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, new float[5], 3, packed, 0f, new float[8], 4));
        Assert.Equal("a", ex.ParamName);
    }
}
