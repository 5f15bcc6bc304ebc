using RnnLabs.Diagnostics;
using RnnLabs.Layers;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Layers;

public class EmbeddingTests
{
    private const int PaddingIdx = 2;

    /// <summary>Time-major ids [T = 3, B = 2]: id 1 appears twice, the padding id 2 twice.</summary>
    private static readonly double[] Ids = [1, 4, 2, 1, 0, 2];

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void Embedding_Backward_MatchesFiniteDifferences_WithRepeatedIdAndPadding(ulong seed)
    {
        var rng = new Rng(seed);
        var embedding = new Embedding<double>(6, 4, rng, PaddingIdx);
        var ids = Tensor<double>.FromArray(Ids, 3, 2);
        var r = Probe.Weights(rng, embedding.Forward(ids));
        embedding.Backward(r);
        var weight = embedding.Weight;

        // The padding row is excluded on purpose: PyTorch withholds its gradient even though the output depends on it.
        var rows = Enumerable.Range(0, 6).Where(k => k != PaddingIdx)
            .Select(k => ($"weight[{k}]", weight.Value[k], weight.Grad[k]));
        var report = GradCheck.Compare(() => Probe.Dot(embedding.Forward(ids), r), rows);

        Assert.True(report.Passed(), report.ToString());
    }

    [Fact]
    public void Embedding_Backward_GivesPaddingRowNoGradient()
    {
        var rng = new Rng(3);
        var embedding = new Embedding<double>(6, 4, rng, PaddingIdx);
        var ids = Tensor<double>.FromArray(Ids, 3, 2);
        embedding.Backward(Probe.Weights(rng, embedding.Forward(ids)));

        Assert.All(embedding.Weight.Grad[PaddingIdx].ToArray(), g => Assert.Equal(0.0, g));
        Assert.Contains(embedding.Weight.Grad[1].ToArray(), g => g != 0);
    }

    [Fact]
    public void Embedding_Backward_ReturnsZerosShapedLikeIds()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));
        embedding.Forward(Tensor<double>.FromArray(Ids, 3, 2));
        var grad = embedding.Backward(Tensor<double>.Full(1.0, 3, 2, 4));

        Assert.Equal([3, 2], grad.Shape.ToArray());
        Assert.All(grad.ToArray(), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Embedding_Backward_BeforeForward_Throws()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));

        Assert.Throws<InvalidOperationException>(() => embedding.Backward(new Tensor<double>(3, 2, 4)));
    }

    [Fact]
    public void Embedding_FailedForward_LeavesNothingForBackward()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));
        embedding.Forward(Tensor<double>.FromArray(Ids, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward(Tensor<double>.FromArray([0, 1, 7, 2, 0, 0], 3, 2)));

        Assert.Throws<InvalidOperationException>(() => embedding.Backward(new Tensor<double>(3, 2, 4)));
    }

    [Fact]
    public void Embedding_Forward_CopiesTheRowOfEachId()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(5));
        var y = embedding.Forward(Tensor<double>.FromArray(Ids, 3, 2));

        Assert.Equal([3, 2, 4], y.Shape.ToArray());
        for (int p = 0; p < Ids.Length; p++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(embedding.Weight.Value[(int)Ids[p], j], y[p / 2, p % 2, j]);
            }
        }
    }

    [Fact]
    public void Embedding_ForwardOnIntIds_EqualsForwardOnTensorIds()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(5));
        var fromTensor = embedding.Forward(Tensor<double>.FromArray(Ids, 3, 2));
        var fromInts = embedding.Forward(Ids.Select(v => (int)v).ToArray(), 3, 2);

        Assert.Equal(fromTensor.Shape.ToArray(), fromInts.Shape.ToArray());
        Assert.Equal(fromTensor.ToArray(), fromInts.ToArray());
    }

    [Fact]
    public void Embedding_Init_ZeroesPaddingRowAndCountsNegativePaddingFromTheEnd()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(5), paddingIdx: -1);

        Assert.Equal(5, embedding.PaddingIdx);
        Assert.All(embedding.Weight.Value[5].ToArray(), v => Assert.Equal(0.0, v));
        Assert.Contains(embedding.Weight.Value[0].ToArray(), v => v != 0);
    }

    [Theory]
    [InlineData(6.0, "6")]
    [InlineData(-1.0, "-1")]
    [InlineData(1.5, "1.5")]
    [InlineData(double.NaN, "NaN")]
    public void Embedding_Forward_InvalidId_NamesInputIdPositionAndRange(double id, string idText)
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));
        var ids = Tensor<double>.FromArray([0, 1, id, 2], 2, 2);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward(ids));

        Assert.Equal("input", ex.ParamName);
        Assert.Contains($"got {idText} at position [1, 0]", ex.Message);
        Assert.Contains("[0, 6)", ex.Message);
    }

    [Fact]
    public void Embedding_ForwardOnIntIds_OutOfRange_NamesIdsIdPositionAndRange()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward([0, 1, 2, 9], 2, 2));

        Assert.Equal("ids", ex.ParamName);
        Assert.Contains("got 9 at position [1, 1]", ex.Message);
        Assert.Contains("[0, 6)", ex.Message);
    }

    [Fact]
    public void Embedding_ForwardOnIntIds_ShapeNotMatchingCount_NamesShape()
    {
        var embedding = new Embedding<double>(6, 4, new Rng(1));

        var ex = Assert.Throws<ArgumentException>(() => embedding.Forward([0, 1, 2], 2, 2));

        Assert.Equal("shape", ex.ParamName);
        Assert.Contains("[2, 2]", ex.Message);
        Assert.Contains("3 ids", ex.Message);
    }

    [Fact]
    public void Embedding_PaddingIdxOutOfRange_NamesPaddingIdxAndRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding<double>(6, 4, new Rng(1), paddingIdx: 6));

        Assert.Equal("paddingIdx", ex.ParamName);
        Assert.Contains("[-6, 6)", ex.Message);
        Assert.Contains("got 6", ex.Message);
    }
}
