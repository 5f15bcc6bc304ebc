using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<SimdPath> Paths()
    {
        var data = new TheoryData<SimdPath> { SimdPath.Scalar };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            data.Add(SimdPath.Vector256);
        }

        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            data.Add(SimdPath.Vector512);
        }

        return data;
    }

    /// <summary>The definition, C[i,j] = β·C[i,j] + α·Σ_p op(A)[i,p]·op(B)[p,j], as three plain loops.</summary>
    internal static double[] Reference(bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc)
    {
        var result = (double[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                }

                result[i * ldc + j] = beta * c[i * ldc + j] + alpha * sum;
            }
        }

        return result;
    }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C through Gemm.Multiply on <paramref name="c"/> and through <see cref="Reference"/>: every
    /// element within <paramref name="tolerance"/>.
    /// </summary>
    private static void AssertMultiplyMatchesReference(bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc, SimdPath path, double tolerance, string shape)
    {
        var expected = Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, path);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - c[i]) <= tolerance, $"{shape} at {i}: {c[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_Double_MatchesTripleLoop_ForAllShapesTailsAndTransposes(SimdPath path)
    {
        var rng = new Rng(11);
        int[] sizes = [0, 1, 2, 5, 6, 7, 15, 16, 17, 31, 33, 64, 65];
        foreach (int m in sizes)
        {
            foreach (int n in sizes)
            {
                foreach (int k in new[] { 0, 1, 3, 17, 257, 300 })
                {
                    foreach (bool ta in new[] { false, true })
                    {
                        foreach (bool tb in new[] { false, true })
                        {
                            int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
                            var a = rng.Uniform<double>(-1, 1, (ta ? k : m) * lda + 1).ToArray();
                            var b = rng.Uniform<double>(-1, 1, (tb ? n : k) * ldb + 1).ToArray();
                            var c = rng.Uniform<double>(-1, 1, m * ldc + 1).ToArray();
                            AssertMultiplyMatchesReference(ta, tb, m, n, k, 0.7, a, lda, b, ldb, 0.3, c, ldc, path, 1e-12 * (1 + k),
                                $"m={m} n={n} k={k} ta={ta} tb={tb}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_Float_MatchesDoubleReferenceWithinRounding(SimdPath path)
    {
        var rng = new Rng(12);
        const int m = 37, n = 129, k = 300;
        var a = rng.Uniform<float>(-1, 1, m * k).ToArray();
        var b = rng.Uniform<float>(-1, 1, n * k).ToArray();
        var c = new float[m * n];
        Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, path);
        var expected = Reference(false, true, m, n, k, 1, a.Select(x => (double)x).ToArray(), k,
            b.Select(x => (double)x).ToArray(), k, 0, new double[m * n], n);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - c[i]) < 1e-4, $"at {i}: {c[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_Double_MatchesTripleLoop_AcrossSeveralColumnAndDepthBlocks(SimdPath path)
    {
        var rng = new Rng(13);
        const int m = 13, n = 1100;
        foreach (int k in new[] { 200, 530 }) // two 128-deep blocks (panels outermost), several 256-deep ones (strips outermost)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    var a = rng.Uniform<double>(-1, 1, m * k).ToArray();
                    var b = rng.Uniform<double>(-1, 1, n * k).ToArray();
                    var c = rng.Uniform<double>(-1, 1, m * n).ToArray();
                    AssertMultiplyMatchesReference(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 1.0, c, n, path, 1e-12 * k, $"k={k} ta={ta} tb={tb}");
                }
            }
        }
    }

    /// <summary>
    /// Aᵀ with α = 1 (a weight gradient) is copied in blocks of 64 row strips: more rows than one block, and the last
    /// strip 2, 4 or 5 rows tall (5 is packed with a zero row instead of read from the copy).
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_TransposedA_MatchesTripleLoop_AcrossSeveralCopiedRowBlocks(SimdPath path)
    {
        var rng = new Rng(14);
        const int n = 70, k = 300;
        foreach (int m in new[] { 392, 400, 389 })
        {
            foreach (bool tb in new[] { false, true })
            {
                int lda = m + 3, ldb = tb ? k : n;
                var a = rng.Uniform<double>(-1, 1, k * lda).ToArray();
                var b = rng.Uniform<double>(-1, 1, n * k).ToArray();
                var c = rng.Uniform<double>(-1, 1, m * n).ToArray();
                AssertMultiplyMatchesReference(true, tb, m, n, k, 1.0, a, lda, b, ldb, 0.5, c, n, path, 1e-12 * k, $"m={m} tb={tb}");
            }
        }
    }

    [Fact]
    public void Multiply_BetaZero_OverwritesNaNInOutput()
    {
        var c = new[] { double.NaN, double.NaN };
        Gemm.Multiply(false, false, 1, 2, 1, 1.0, [2.0], 1, [3.0, 4.0], 2, 0.0, c, 2);
        Assert.Equal([6.0, 8.0], c);
    }

    [Fact]
    public void MatMul_InnerDimensionMismatch_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MatMul(new Tensor<float>(2, 3), new Tensor<float>(4, 5)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }

    [Fact]
    public void Multiply_StorageTooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 2, 2, 1.0, new double[3], 2, new double[4], 2, 0.0, new double[4], 2));
        Assert.Equal("a", ex.ParamName);
    }
}
