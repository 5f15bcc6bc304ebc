using RnnLabs.Kernels;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>The fused float GRU rows agree bit for bit with a plain loop over the same operations in the same order.</summary>
public class GruFusedRowsTests
{
    [Theory]
    [InlineData(16, 3)]
    [InlineData(128, 4)]
    public void Forward_EqualsPlainLoopOverTheSameOperations(int size, int batch)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(83);
        float[] ax = rng.Uniform<float>(-3, 3, batch * 3 * size).ToArray();
        float[] ah = rng.Uniform<float>(-3, 3, batch * 3 * size).ToArray();
        float[] h = rng.Uniform<float>(-1, 1, batch * size).ToArray();
        float[] original = (float[])ax.Clone();
        var hiddenN = new float[batch * size];
        var hNew = new float[batch * size];

        GruFusedRows.Forward(ax, ah, h, hiddenN, hNew, size);

        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < size; j++)
            {
                int g0 = 3 * b * size + j, s = b * size + j;
                float r = Sigmoid(original[g0] + ah[g0]);
                float z = Sigmoid(original[g0 + size] + ah[g0 + size]);
                float n = Tanh(r * ah[g0 + 2 * size] + original[g0 + 2 * size]);
                Assert.Equal(r, ax[g0]);
                Assert.Equal(z, ax[g0 + size]);
                Assert.Equal(n, ax[g0 + 2 * size]);
                Assert.Equal(ah[g0 + 2 * size], hiddenN[s]);
                Assert.Equal((h[s] - n) * z + n, hNew[s]);
            }
        }
    }

    [Theory]
    [InlineData(16, 3)]
    [InlineData(128, 4)]
    public void Backward_EqualsPlainLoopOverTheSameOperations(int size, int batch)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(84);
        float[] gates = rng.Uniform<float>(0.01, 0.99, batch * 3 * size).ToArray();
        float[] hiddenN = rng.Uniform<float>(-2, 2, batch * size).ToArray();
        float[] h = rng.Uniform<float>(-1, 1, batch * size).ToArray();
        float[] dh = rng.Uniform<float>(-1, 1, batch * size).ToArray();
        var gx = new float[batch * 3 * size];
        var gh = new float[batch * 3 * size];

        GruFusedRows.Backward(gates, hiddenN, h, dh, gx, gh, size);

        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < size; j++)
            {
                int g0 = 3 * b * size + j, s = b * size + j;
                float r = gates[g0], z = gates[g0 + size], n = gates[g0 + 2 * size];
                float dnPre = (1 - z) * (1 - n * n) * dh[s];
                float dzPre = (1 - z) * z * (h[s] - n) * dh[s];
                float drPre = (1 - r) * r * hiddenN[s] * dnPre;
                Assert.Equal([drPre, dzPre, dnPre], [gx[g0], gx[g0 + size], gx[g0 + 2 * size]]);
                Assert.Equal([drPre, dzPre, dnPre * r], [gh[g0], gh[g0 + size], gh[g0 + 2 * size]]);
            }
        }
    }

    private static float Sigmoid(float x)
    {
        var y = new float[1];
        Activations.Sigmoid<float>([x], y);
        return y[0];
    }

    private static float Tanh(float x)
    {
        var y = new float[1];
        Activations.Tanh<float>([x], y);
        return y[0];
    }
}
