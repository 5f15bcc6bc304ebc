using RnnLabs.Data;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Data;

public class SequenceBatchTests
{
    [Fact]
    public void FromIds_RaggedBatch_PadsTimeMajor_WithLengthsAndMask()
    {
        int[][] sequences = [[5, 6, 7], [8], [9, 10]];
        var batch = SequenceBatch<float>.FromIds(sequences, padId: 0);

        Assert.Equal([3, 3], batch.Values.Shape.ToArray());
        // Row t = time step, column b = sequence.
        float[,] ids = { { 5, 8, 9 }, { 6, 0, 10 }, { 7, 0, 0 } };
        float[,] mask = { { 1, 1, 1 }, { 1, 0, 1 }, { 1, 0, 0 } };
        for (int t = 0; t < 3; t++)
        {
            for (int b = 0; b < 3; b++)
            {
                Assert.Equal(ids[t, b], batch.Values[t, b]);
                Assert.Equal(mask[t, b], batch.Mask[t, b]);
            }
        }

        Assert.Equal([3, 1, 2], batch.Lengths);
        Assert.Equal(3, batch.TimeSteps);
        Assert.Equal(3, batch.BatchSize);
    }

    [Fact]
    public void FromIds_UsesThePadId()
    {
        var batch = SequenceBatch<double>.FromIds([[1, 2], [3]], padId: 4);
        Assert.Equal(4.0, batch.Values[1, 1]);
        Assert.Equal(0.0, batch.Mask[1, 1]);
    }

    [Fact]
    public void FromFeatures_RaggedBatch_PadsTimeMajorFeatures()
    {
        var first = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 3, 2);
        var second = Tensor<double>.FromArray([7, 8], 1, 2);
        var batch = SequenceBatch<double>.FromFeatures([first, second], padValue: -1);

        Assert.Equal([3, 2, 2], batch.Values.Shape.ToArray());
        // [t, b, f] in row-major order: t0 (b0 [1, 2], b1 [7, 8]), t1 (b0 [3, 4], b1 pad), t2 (b0 [5, 6], b1 pad).
        Assert.Equal([1.0, 2, 7, 8, 3, 4, -1, -1, 5, 6, -1, -1], batch.Values.ToArray());
        Assert.Equal([1.0, 1, 1, 0, 1, 0], batch.Mask.ToArray());
        Assert.Equal([3, 1], batch.Lengths);
    }

    [Fact]
    public void FromIds_EmptySequence_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SequenceBatch<float>.FromIds([[1], []], 0));
        Assert.Equal("sequences", ex.ParamName);
        Assert.Contains("sequences[1]", ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void FromIds_NegativeId_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SequenceBatch<float>.FromIds([[1], [-3, 2]], 0));
        Assert.Equal("sequences", ex.ParamName);
        Assert.Contains("sequences[1][0]", ex.Message);
        Assert.Contains("got -3", ex.Message);
    }

    [Fact]
    public void FromIds_IdNotExactInFloat_Throws_ButFitsDouble()
    {
        const int id = (1 << 24) + 1;
        var ex = Assert.Throws<ArgumentException>(() => SequenceBatch<float>.FromIds([[id]], 0));
        Assert.Equal("sequences", ex.ParamName);
        Assert.Contains("16777217", ex.Message);
        Assert.Equal(id, SequenceBatch<double>.FromIds([[id]], 0).Values[0, 0]);
    }

    [Fact]
    public void FromFeatures_FeatureCountsDiffer_ThrowsWithShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SequenceBatch<double>.FromFeatures([new Tensor<double>(2, 2), new Tensor<double>(1, 3)]));
        Assert.Equal("sequences", ex.ParamName);
        Assert.Contains("sequences[1]", ex.Message);
        Assert.Contains("[*, 2]", ex.Message);
        Assert.Contains("[1, 3]", ex.Message);
    }

    [Fact]
    public void FromIds_NoSequences_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SequenceBatch<float>.FromIds(Array.Empty<int[]>(), 0));
        Assert.Equal("sequences", ex.ParamName);
        Assert.Contains("got 0", ex.Message);
    }
}
