using System.Numerics.Tensors;
using RnnLabs.Kernels;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// The fused tanh rows of the RNN round like the span code (a_x + a_h, then tanh; h·h, 1 − that, · ∂h), so they agree
/// with it bit for bit.
/// </summary>
public class RnnFusedRowsTests
{
    [Theory]
    [InlineData(16, 3)]
    [InlineData(24, 2)] // not a whole number of 512-bit vectors: the 256-bit lanes
    [InlineData(128, 5)]
    public void TanhForward_EqualsAddThenSpanTanh(int size, int batch)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(84);
        float[] inputPart = rng.Uniform<float>(-4, 4, batch * size).ToArray();
        float[] hiddenPart = rng.Uniform<float>(-4, 4, batch * size).ToArray();
        var expected = new float[batch * size];
        TensorPrimitives.Add(inputPart, hiddenPart, expected);
        Activations.Tanh<float>(expected, expected);

        float[] actual = (float[])inputPart.Clone();
        RnnFusedRows.TanhForward(actual, hiddenPart, size);

        Assert.Equal(expected, actual);
    }

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
