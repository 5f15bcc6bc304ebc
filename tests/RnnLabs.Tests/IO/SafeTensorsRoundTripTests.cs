using RnnLabs.IO;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.IO;

public class SafeTensorsRoundTripTests
{
    private static readonly Dictionary<string, string> Metadata = new() { ["epoch"] = "7", ["note"] = "héllo \"quoted\" ✓" };

    [Fact]
    public void SaveThenLoad_Float_RestoresBitIdenticalValues()
    {
        using var folder = new TempFolder();
        var saved = TinyModel<float>.Standard(1);
        // Values a lossy path would change: −0, subnormal, extremes, infinities and a NaN with a payload.
        float[] special = [-0f, float.Epsilon, float.MaxValue, float.NegativeInfinity];
        special.CopyTo(saved["0.weight"].Value.AsSpan());
        saved["bias_hh_l1_reverse"].Value.At(0) = BitConverter.Int32BitsToSingle(0x7FC0_1234);
        SafeTensors.Save(folder.File("m.safetensors"), saved);

        var loaded = TinyModel<float>.Standard(2);
        SafeTensors.Load(folder.File("m.safetensors"), loaded);

        var expected = saved.Snapshot();
        var actual = loaded.Snapshot();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Select(BitConverter.SingleToInt32Bits), actual[i].Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void SaveThenLoad_Double_RestoresBitIdenticalValues()
    {
        using var folder = new TempFolder();
        var saved = TinyModel<double>.Standard(1);
        double[] special = [-0d, double.Epsilon, double.MaxValue, double.PositiveInfinity];
        special.CopyTo(saved["0.weight"].Value.AsSpan());
        saved["bias_hh_l1_reverse"].Value.At(0) = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234);
        SafeTensors.Save(folder.File("m.safetensors"), saved);

        var loaded = TinyModel<double>.Standard(2);
        SafeTensors.Load(folder.File("m.safetensors"), loaded);

        var expected = saved.Snapshot();
        var actual = loaded.Snapshot();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Select(BitConverter.DoubleToInt64Bits), actual[i].Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_AfterSave_PreservesNamesShapesDTypeAndMetadata(bool useDouble)
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        if (useDouble)
        {
            SafeTensors.Save(path, TinyModel<double>.Standard(1), Metadata);
        }
        else
        {
            SafeTensors.Save(path, TinyModel<float>.Standard(1), Metadata);
        }

        var content = SafeTensors.Read(path);

        Assert.Equal(["0.weight", "bias_hh_l1_reverse", "weight_ih_l0"], content.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([4, 3], content.Tensors["weight_ih_l0"].Shape);
        Assert.Equal([4], content.Tensors["bias_hh_l1_reverse"].Shape);
        Assert.Equal([2, 2], content.Tensors["0.weight"].Shape);
        Assert.All(content.Tensors.Values, t => Assert.Equal(useDouble ? SafeTensorDType.F64 : SafeTensorDType.F32, t.DType));
        Assert.All(content.Tensors.Values, t => Assert.IsType(useDouble ? typeof(double[]) : typeof(float[]), t.Data));
        Assert.Equal(Metadata.OrderBy(kv => kv.Key), content.Metadata.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Load_ReturnsMetadataAndNoMismatches()
    {
        using var folder = new TempFolder();
        SafeTensors.Save(folder.File("m.safetensors"), TinyModel<float>.Standard(1), Metadata);

        var result = SafeTensors.Load(folder.File("m.safetensors"), TinyModel<float>.Standard(2));

        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        Assert.Equal("héllo \"quoted\" ✓", result.Metadata["note"]);
    }

    [Fact]
    public void Save_NamedParameterList_UsesTheGivenNamesNotParameterNames()
    {
        using var folder = new TempFolder();
        var p = new Parameter<float>("weight", Tensor<float>.FromArray([1f, 2f], 2));
        SafeTensors.Save(folder.File("m.safetensors"), [("1.weight", p)]);

        Assert.Equal(["1.weight"], SafeTensors.Read(folder.File("m.safetensors")).Tensors.Keys);
    }

    [Fact]
    public void Load_F32FileIntoDoubleModel_ConvertsExactly()
    {
        using var folder = new TempFolder();
        var saved = TinyModel<float>.Standard(1);
        SafeTensors.Save(folder.File("m.safetensors"), saved);

        var loaded = TinyModel<double>.Standard(2);
        SafeTensors.Load(folder.File("m.safetensors"), loaded);

        var expected = saved.Snapshot();
        var actual = loaded.Snapshot();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Select(v => (double)v), actual[i]);
        }
    }

    [Fact]
    public void Load_F64FileIntoFloatModel_RoundsToNearest()
    {
        using var folder = new TempFolder();
        var saved = TinyModel<double>.Standard(1);
        SafeTensors.Save(folder.File("m.safetensors"), saved);

        var loaded = TinyModel<float>.Standard(2);
        SafeTensors.Load(folder.File("m.safetensors"), loaded);

        var expected = saved.Snapshot();
        var actual = loaded.Snapshot();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Select(v => (float)v), actual[i]);
        }
    }

    [Fact]
    public void Load_NotStrict_LoadsMatchingTensorsAndReportsMissingAndUnexpected()
    {
        using var folder = new TempFolder();
        var saved = new TinyModel<float>(1, ("encoder.weight", [2, 2]), ("head.weight", [3, 2]));
        SafeTensors.Save(folder.File("m.safetensors"), saved);
        var model = new TinyModel<float>(2, ("encoder.weight", [2, 2]), ("head2.weight", [5, 2]));
        float[] untouched = model["head2.weight"].Value.ToArray();

        var result = SafeTensors.Load(folder.File("m.safetensors"), model, strict: false);

        Assert.Equal(["head2.weight"], result.MissingKeys);
        Assert.Equal(["head.weight"], result.UnexpectedKeys);
        Assert.Equal(saved["encoder.weight"].Value.ToArray(), model["encoder.weight"].Value.ToArray());
        Assert.Equal(untouched, model["head2.weight"].Value.ToArray());
    }
}
