using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>The fused tanh backward of the RNN rounds like the span code (h·h, 1 − that, · ∂h), so it agrees with a plain loop bit for bit.</summary>
public class RnnFusedRowsTests
{
    [Theory]
    [InlineData(16, 3)]
    [InlineData(128, 5)]
    public void TanhBackward_EqualsPlainLoopOverTheSameOperations(int size, int batch)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(83);
        float[] hidden = rng.Uniform<float>(-1, 1, batch * size).ToArray();
        float[] hiddenGrad = rng.Uniform<float>(-3, 3, batch * size).ToArray();
        var expected = new float[batch * size];
        for (int i = 0; i < expected.Length; i++)
        {
            float square = hidden[i] * hidden[i];
            float derivative = 1f - square;
            expected[i] = derivative * hiddenGrad[i];
        }

        var actual = new float[batch * size];
        RnnFusedRows.TanhBackward(hidden, hiddenGrad, actual, size);

        Assert.Equal(expected, actual);
    }
}
