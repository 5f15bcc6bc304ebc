using RnnLabs.Kernels;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// The fused float rows compute the LSTM equations in the same order of roundings as the span-by-span code, so they
/// must agree with a plain loop over the same operations bit for bit (σ and tanh from <see cref="Activations"/>).
/// </summary>
public class LstmFusedRowsTests
{
    [Theory]
    [InlineData(16, 3)]
    [InlineData(128, 5)]
    public void Forward_EqualsPlainLoopOverTheSameOperations(int size, int batch)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(81);
        float[] gates = rng.Uniform<float>(-4, 4, batch * 4 * size).ToArray();
        float[] cell = rng.Uniform<float>(-2, 2, batch * size).ToArray();
        float[] expectedGates = (float[])gates.Clone();
        Activations.Sigmoid<float>(expectedGates, expectedGates);
        float[] activatedG = new float[batch * size];
        var expectedCell = new float[batch * size];
        for (int b = 0; b < batch; b++)
        {
            Activations.Tanh<float>(gates.AsSpan(4 * b * size + 2 * size, size), expectedGates.AsSpan(4 * b * size + 2 * size, size));
            for (int j = 0; j < size; j++)
            {
                int g = 4 * b * size + j;
                expectedCell[b * size + j] = expectedGates[g + size] * cell[b * size + j] + expectedGates[g] * expectedGates[g + 2 * size];
            }
        }

        var expectedTanh = new float[batch * size];
        Activations.Tanh<float>(expectedCell, expectedTanh);
        var cellNew = new float[batch * size];
        var cellTanh = new float[batch * size];
        var hidden = new float[batch * size];

        LstmFusedRows.Forward(gates, cell, cellNew, cellTanh, hidden, size);

        Assert.Equal(expectedGates, gates);
        Assert.Equal(expectedCell, cellNew);
        Assert.Equal(expectedTanh, cellTanh);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < size; j++)
            {
                Assert.Equal(expectedGates[4 * b * size + 3 * size + j] * expectedTanh[b * size + j], hidden[b * size + j]);
            }
        }
    }

    [Theory]
    [InlineData(16, 3, true)]
    [InlineData(128, 5, false)]
    public void Backward_EqualsPlainLoopOverTheSameOperations(int size, int batch, bool withCellGrad)
    {
        Assert.True(FusedLanes.Supports(size), "the fused rows need AVX2+FMA or AVX-512 (every x64 machine this course runs on)");
        var rng = new Rng(82);
        float[] gates = rng.Uniform<float>(0.01, 0.99, batch * 4 * size).ToArray();
        float[] tanhC = rng.Uniform<float>(-0.9, 0.9, batch * size).ToArray();
        float[] cell = rng.Uniform<float>(-2, 2, batch * size).ToArray();
        float[] dh = rng.Uniform<float>(-1, 1, batch * size).ToArray();
        float[] dc = withCellGrad ? rng.Uniform<float>(-1, 1, batch * size).ToArray() : [];
        var grad = new float[batch * 4 * size];
        var dcPrev = new float[batch * size];

        LstmFusedRows.Backward(gates, tanhC, cell, dh, dc, grad, dcPrev, size);

        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < size; j++)
            {
                int g0 = 4 * b * size + j, s = b * size + j;
                float i = gates[g0], f = gates[g0 + size], g = gates[g0 + 2 * size], o = gates[g0 + 3 * size], t = tanhC[s];
                float deltaC = (1 - t * t) * o * dh[s] + (withCellGrad ? dc[s] : 0);
                Assert.Equal((1 - i) * i * g * deltaC, grad[g0]);
                Assert.Equal((1 - f) * f * cell[s] * deltaC, grad[g0 + size]);
                Assert.Equal((1 - g * g) * i * deltaC, grad[g0 + 2 * size]);
                Assert.Equal((1 - o) * o * t * dh[s], grad[g0 + 3 * size]);
                Assert.Equal(deltaC * f, dcPrev[s]);
            }
        }
    }
}
