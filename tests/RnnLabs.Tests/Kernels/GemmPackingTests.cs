using RnnLabs.Kernels;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Kernels;

/// <summary>A packed panel of Bᵀ holds panel[p·nr + j] = B[j0 + j, k0 + p], and zero past the last column.</summary>
public class GemmPackingTests
{
    [Theory]
    [InlineData(512, 128, 64)] // W_hhᵀ of the small LSTM: whole 8 × 8 blocks only
    [InlineData(130, 200, 64)] // a partial last panel (2 columns) and depth 200 = 25 blocks of 8
    [InlineData(70, 13, 16)]   // the AVX2 panel width; depth 13 = one block and 5 values
    [InlineData(5, 7, 16)]     // smaller than one block both ways
    public unsafe void PackB_Transposed_PlacesEveryValueAndZeroPadding(int n, int k, int nr)
    {
        var rng = new Rng(51);
        const int k0 = 3;
        int ldb = k0 + k + 4;
        var b = rng.Uniform<float>(-1, 1, n * ldb).ToArray();
        int panels = (n + nr - 1) / nr;
        var packed = new float[panels * k * nr];
        Array.Fill(packed, float.NaN);
        fixed (float* pb = b, pp = packed)
        {
            GemmPacking.PackB(pb, ldb, true, k0, k, n, nr, 0, panels, pp);
        }

        for (int q = 0; q < panels; q++)
        {
            for (int p = 0; p < k; p++)
            {
                for (int j = 0; j < nr; j++)
                {
                    int column = q * nr + j;
                    float expected = column < n ? b[column * ldb + k0 + p] : 0f;
                    Assert.True(expected.Equals(packed[(q * k + p) * nr + j]), $"panel {q}, p {p}, j {j}: {packed[(q * k + p) * nr + j]} vs {expected}");
                }
            }
        }
    }
}
