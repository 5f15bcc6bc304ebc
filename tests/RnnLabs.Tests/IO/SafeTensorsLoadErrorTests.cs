using System.Text;
using RnnLabs.IO;

namespace RnnLabs.Tests.IO;

/// <summary>
/// Every broken or mismatched file fails with a <see cref="CheckpointException"/> naming the file, the tensor and
/// what was expected vs found, and the model keeps exactly the values it had before the load.
/// </summary>
public class SafeTensorsLoadErrorTests
{
    private const string ValidHeader =
        """{"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""";

    public static TheoryData<string, string, int, string?, string> BrokenHeaders() => new()
    {
        // name, header JSON, data bytes, tensor at fault, expected message fragment
        { "unclosed JSON", ValidHeader[..^2], 24, null, "header is not valid JSON" },
        { "not an object", "[1, 2]", 24, null, "header must be a JSON object, found Array" },
        { "unknown dtype", ValidHeader.Replace("\"F32\",\"shape\":[2]", "\"F16\",\"shape\":[2]"), 24, "bias",
            "tensor 'bias' has dtype 'F16'; supported dtypes are F32 and F64" },
        { "overlapping offsets", ValidHeader.Replace("[16,24]", "[12,20]"), 24, "bias",
            "tensor 'bias' data_offsets [12, 20] overlap tensor 'weight' [0, 16]" },
        { "gap between tensors", ValidHeader.Replace("[16,24]", "[20,28]"), 28, "bias",
            "tensor 'bias' data_offsets start at 20, expected 16" },
        { "offsets past the data", ValidHeader, 20, "bias",
            "tensor 'bias' data_offsets [16, 24] run past the data buffer, which holds 20 bytes" },
        { "span differs from shape", ValidHeader.Replace("[16,24]", "[16,32]"), 32, "bias",
            "tensor 'bias' has shape [2] and dtype F32, so 8 bytes, but data_offsets [16, 32] span 16 bytes" },
        { "reversed offsets", ValidHeader.Replace("[16,24]", "[24,16]"), 24, "bias", "data_offsets [24, 16] span -8 bytes" },
        { "negative offset", ValidHeader.Replace("[16,24]", "[-8,0]"), 24, "bias",
            "tensor 'bias' data_offsets: expected an array of 2 non-negative integers" },
        { "offset beyond 64 bits", ValidHeader.Replace("[16,24]", "[16,99999999999999999999]"), 24, "bias",
            "found [16,99999999999999999999]" },
        { "negative shape", ValidHeader.Replace("[2,2]", "[-2,2]"), 24, "weight",
            "tensor 'weight' shape: expected an array of non-negative integers" },
        { "missing dtype", ValidHeader.Replace("\"dtype\":\"F32\",\"shape\":[2]", "\"shape\":[2]"), 24, "bias",
            "tensor 'bias' has no string dtype" },
        { "trailing bytes", ValidHeader, 32, null, "data buffer holds 32 bytes but the tensors account for 24" },
        { "duplicate tensor", ValidHeader[..^1] + ""","weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", 24,
            "weight", "header lists 'weight' twice" },
        { "non-string metadata", """{"__metadata__":{"epoch":7},""" + ValidHeader[1..], 24, null,
            "'__metadata__' value for key 'epoch' must be a string, found Number" },
    };

    [Theory]
    [MemberData(nameof(BrokenHeaders))]
    public void Load_BrokenHeader_ThrowsNamingTheProblemAndLeavesModelUnchanged(
        string name, string header, int dataBytes, string? tensor, string fragment)
    {
        var data = SafeTensorsBytes.F32([.. Model(1).Snapshot().SelectMany(v => v)]).Concat(new byte[8]).Take(dataBytes).ToArray();

        var ex = LoadFails(SafeTensorsBytes.File(header, data), Model(2));

        Assert.True(ex.Message.Contains(fragment), $"{name}: expected <{fragment}> in <{ex.Message}>");
        Assert.Equal(tensor, ex.TensorName);
    }

    public static TheoryData<string, string> TruncationPoints() => new()
    {
        { "empty", "file is 0 bytes, shorter than the 8-byte header length" },
        { "inside the length", "file is 5 bytes, shorter than the 8-byte header length" },
        { "after the length", "exceeds file size 8" },
        { "inside the header", "exceeds file size" },
        { "inside the first tensor", "tensor 'weight' data_offsets [0, 16] run past the data buffer" },
        { "inside the last tensor", "tensor 'bias' data_offsets [16, 24] run past the data buffer, which holds 23 bytes" },
    };

    [Theory]
    [MemberData(nameof(TruncationPoints))]
    public void Load_TruncatedFile_ThrowsAndLeavesModelUnchanged(string where, string fragment)
    {
        using var folder = new TempFolder();
        string path = folder.File("full.safetensors");
        SafeTensors.Save(path, Model(1));
        byte[] file = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(file, 0);
        int cut = where switch
        {
            "empty" => 0,
            "inside the length" => 5,
            "after the length" => 8,
            "inside the header" => 8 + (headerEnd - 8) / 2,
            "inside the first tensor" => headerEnd + 7,
            _ => file.Length - 1,
        };

        var ex = LoadFails(file[..cut], Model(2));

        Assert.True(ex.Message.Contains(fragment), $"cut at {cut} ({where}): expected <{fragment}> in <{ex.Message}>");
    }

    [Fact]
    public void Load_HeaderLengthBeyondFileSize_SaysBothNumbers()
    {
        byte[] file = [.. SafeTensorsBytes.UInt64(9_000_000), .. Encoding.ASCII.GetBytes(new string('{', 1192))];

        var ex = LoadFails(file, Model(2));

        Assert.Contains("header length 9000000 exceeds file size 1200", ex.Message);
        Assert.Null(ex.TensorName);
    }

    [Fact]
    public void Load_HeaderLengthOverFormatLimit_ThrowsWithoutReadingIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("huge.safetensors");
        using (var stream = File.Create(path))
        {
            stream.Write(SafeTensorsBytes.UInt64(120_000_000));
            stream.SetLength(130_000_000); // sparse: no 130 MB actually written
        }

        var model = Model(2);
        var before = model.Snapshot();
        var ex = Assert.Throws<CheckpointException>(() => SafeTensors.Load(path, model));

        Assert.Contains("header length 120000000 exceeds the 100000000-byte limit", ex.Message);
        Assert.Equal(before, model.Snapshot());
    }

    [Fact]
    public void Load_MissingTensor_NamesItAndLeavesModelUnchanged()
    {
        var ex = LoadFails(Saved(new TinyModel<float>(1, ("weight", [2, 2]))), Model(2));

        Assert.Contains("missing tensor(s) 'bias' that the model expects", ex.Message);
        Assert.Equal("bias", ex.TensorName);
    }

    [Fact]
    public void Load_UnexpectedTensor_NamesItAndLeavesModelUnchanged()
    {
        var file = Saved(new TinyModel<float>(1, ("weight", [2, 2]), ("bias", [2]), ("extra", [3])));

        var ex = LoadFails(file, Model(2));

        Assert.Contains("unexpected tensor(s) 'extra' that the model does not have", ex.Message);
        Assert.Contains("strict: false", ex.Message);
        Assert.Equal("extra", ex.TensorName);
    }

    [Fact]
    public void Load_ShapeMismatch_SaysFileShapeAndModelShapeAndLeavesModelUnchanged()
    {
        // The first tensor matches, so a load that wrote as it went would have changed the model.
        var file = Saved(new TinyModel<float>(1, ("bias", [2]), ("weight_ih_l0", [16, 3])));

        var ex = LoadFails(file, new TinyModel<float>(2, ("bias", [2]), ("weight_ih_l0", [16, 4])));

        Assert.EndsWith("bad.safetensors: tensor 'weight_ih_l0' has shape [16, 3], model expects [16, 4]", ex.Message);
        Assert.Equal("weight_ih_l0", ex.TensorName);
    }

    [Fact]
    public void Load_ShapeMismatch_FailsEvenWhenNotStrict()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        SafeTensors.Save(path, new TinyModel<float>(1, ("weight", [2, 3])));

        var ex = Assert.Throws<CheckpointException>(
            () => SafeTensors.Load(path, new TinyModel<float>(2, ("weight", [3, 2])), strict: false));

        Assert.Contains("has shape [2, 3], model expects [3, 2]", ex.Message);
    }

    [Fact]
    public void Load_F64ValueBeyondFloatRange_ThrowsAndLeavesModelUnchanged()
    {
        var source = new TinyModel<double>(1, ("weight", [2, 2]), ("bias", [2]));
        source["bias"].Value.At(1) = 1e300;
        using var folder = new TempFolder();
        SafeTensors.Save(folder.File("m.safetensors"), source);

        var ex = LoadFails(File.ReadAllBytes(folder.File("m.safetensors")), Model(2));

        Assert.Contains("tensor 'bias' value 1E+300 at flat index 1 is outside the range of the model's Single", ex.Message);
    }

    [Fact]
    public void Load_DuplicateModelNames_ThrowsArgumentException()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        var model = Model(1);
        SafeTensors.Save(path, model);
        var w = model["weight"];

        var ex = Assert.Throws<ArgumentException>(() => SafeTensors.Load(path, [("weight", w), ("weight", w)]));

        Assert.Equal("parameters", ex.ParamName);
        Assert.Contains("'weight' at positions 0 and 1", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TempFolder();

        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(folder.File("none.safetensors"), Model(1)));
    }

    private static TinyModel<float> Model(ulong seed) => new(seed, ("weight", [2, 2]), ("bias", [2]));

    private static byte[] Saved(TinyModel<float> model)
    {
        using var folder = new TempFolder();
        SafeTensors.Save(folder.File("m.safetensors"), model);
        return File.ReadAllBytes(folder.File("m.safetensors"));
    }

    /// <summary>Loads <paramref name="file"/> into <paramref name="model"/>, expecting failure and no change.</summary>
    private static CheckpointException LoadFails(byte[] file, TinyModel<float> model)
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors");
        File.WriteAllBytes(path, file);
        var before = model.Snapshot();

        var ex = Assert.Throws<CheckpointException>(() => SafeTensors.Load(path, model));

        Assert.StartsWith(path + ": ", ex.Message);
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(before, model.Snapshot());
        return ex;
    }
}
