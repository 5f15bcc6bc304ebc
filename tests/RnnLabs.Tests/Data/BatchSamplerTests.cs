using RnnLabs.Data;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Data;

public class BatchSamplerTests
{
    [Fact]
    public void ShuffledEpochs_CoverEveryIndexExactlyOnce()
    {
        var sampler = new BatchSampler(10, 3, new Rng(1));
        for (int epoch = 0; epoch < 5; epoch++)
        {
            var batches = sampler.NextEpoch();
            Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Length));
            var all = batches.SelectMany(b => b).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 10), all);
        }
    }

    [Fact]
    public void SameSeed_GivesSameEpochs_AndEpochsDiffer()
    {
        var a = new BatchSampler(20, 4, new Rng(42));
        var b = new BatchSampler(20, 4, new Rng(42));
        var a1 = a.NextEpoch().SelectMany(x => x).ToArray();
        var a2 = a.NextEpoch().SelectMany(x => x).ToArray();
        Assert.Equal(a1, b.NextEpoch().SelectMany(x => x));
        Assert.Equal(a2, b.NextEpoch().SelectMany(x => x));
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(Enumerable.Range(0, 20), a1);
    }

    [Fact]
    public void WithoutRng_BatchesAreInOrder()
    {
        var batches = new BatchSampler(7, 3).NextEpoch();
        Assert.Equal(3, batches.Count);
        Assert.Equal([0, 1, 2], batches[0]);
        Assert.Equal([3, 4, 5], batches[1]);
        Assert.Equal([6], batches[2]);
    }

    [Fact]
    public void DropLast_LeavesOutShortBatch()
    {
        var sampler = new BatchSampler(10, 3, new Rng(3), dropLast: true);
        var batches = sampler.NextEpoch();
        Assert.Equal(3, sampler.BatchCount);
        Assert.All(batches, b => Assert.Equal(3, b.Length));
        Assert.Equal(9, batches.SelectMany(b => b).Distinct().Count());
    }

    [Fact]
    public void DropLast_BatchLargerThanDataset_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(5, 8, dropLast: true));
        Assert.Equal("batchSize", ex.ParamName);
        Assert.Contains("datasetSize = 5", ex.Message);
        Assert.Contains("got 8", ex.Message);
    }

    [Fact]
    public void NonPositiveBatchSize_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(5, 0));
        Assert.Equal("batchSize", ex.ParamName);
        Assert.Contains("got 0", ex.Message);
    }
}
