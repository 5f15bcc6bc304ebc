using System.Text;
using System.Text.Json;
using RnnLabs.IO;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.IO;

/// <summary>The bytes on disk are the safetensors format, checked by hand in both directions.</summary>
public class SafeTensorsFormatTests
{
    [Fact]
    public void Save_Float_WritesLengthPaddedJsonHeaderAndLittleEndianF32Data()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        var weight = new Parameter<float>("weight", Tensor<float>.FromArray([1.5f, -2f, 0.25f, 3f, -0.5f, 1024f], 2, 3));
        var bias = new Parameter<float>("bias", Tensor<float>.FromArray([1f, -1f], 2));
        SafeTensors.Save(path, [("weight", weight), ("bias", bias)], new Dictionary<string, string> { ["format"] = "pt" });

        byte[] file = File.ReadAllBytes(path);
        var (header, data) = Split(file);

        Assert.Equal(0, header.Length % 8);
        string text = Encoding.UTF8.GetString(header);
        Assert.True(text.TrimEnd(' ').EndsWith('}'), $"only spaces may follow the JSON: <{text}>");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        Assert.Equal("pt", root.GetProperty("__metadata__").GetProperty("format").GetString());
        AssertEntry(root.GetProperty("weight"), "F32", [2, 3], [0, 24]);
        AssertEntry(root.GetProperty("bias"), "F32", [2], [24, 32]);
        byte[] expected =
        [
            0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x80, 0x3E, // 1.5, -2, 0.25
            0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x00, 0xBF, 0x00, 0x00, 0x80, 0x44, // 3, -0.5, 1024
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x80, 0xBF, // 1, -1
        ];
        Assert.Equal(expected, data);
    }

    [Fact]
    public void Save_Double_WritesLittleEndianF64Data()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        var gain = new Parameter<double>("gain", Tensor<double>.FromArray([1.5, -2.0], 2));
        SafeTensors.Save(path, [("gain", gain)]);

        var (header, data) = Split(File.ReadAllBytes(path));

        using var json = JsonDocument.Parse(header);
        Assert.False(json.RootElement.TryGetProperty("__metadata__", out _));
        AssertEntry(json.RootElement.GetProperty("gain"), "F64", [2], [0, 16]);
        byte[] expected =
        [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F, // 1.5
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, // -2
        ];
        Assert.Equal(expected, data);
    }

    [Fact]
    public void Read_HandBuiltPyTorchStyleFile_DecodesEveryTensorAndMetadata()
    {
        using var folder = new TempFolder();
        string path = folder.File("torch.safetensors");
        File.WriteAllBytes(path, PyTorchStyleFile());

        var content = SafeTensors.Read(path);

        Assert.Equal("pt", content.Metadata["format"]);
        Assert.Equal([0.5f, -0.5f], (float[])content.Tensors["bias"].Data);
        Assert.Equal([1f, 2f, 3f, 4f], (float[])content.Tensors["weight"].Data);
        Assert.Equal([2, 2], content.Tensors["weight"].Shape);
        Assert.Equal(SafeTensorDType.F64, content.Tensors["gain"].DType);
        Assert.Equal([2.5], (double[])content.Tensors["gain"].Data);
    }

    [Fact]
    public void Load_HandBuiltPyTorchStyleFile_FillsModelWithItsValues()
    {
        using var folder = new TempFolder();
        string path = folder.File("torch.safetensors");
        File.WriteAllBytes(path, PyTorchStyleFile());
        var model = new TinyModel<float>(1, ("weight", [2, 2]), ("bias", [2]), ("gain", [1]));

        SafeTensors.Load(path, model);

        Assert.Equal([1f, 2f, 3f, 4f], model["weight"].Value.ToArray());
        Assert.Equal([0.5f, -0.5f], model["bias"].Value.ToArray());
        Assert.Equal([2.5f], model["gain"].Value.ToArray());
    }

    /// <summary>
    /// What <c>safetensors.torch.save_file</c> writes for bias (F32 [2]), weight (F32 [2, 2]) and gain (F64 [1])
    /// with metadata {"format": "pt"}: compact JSON, metadata first, then tensors in data order, spaces to 8 bytes.
    /// </summary>
    private static byte[] PyTorchStyleFile()
    {
        const string json = """{"__metadata__":{"format":"pt"},"bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]},"gain":{"dtype":"F64","shape":[1],"data_offsets":[24,32]}}""";
        Assert.NotEqual(0, Encoding.UTF8.GetByteCount(json) % 8);
        byte[] data =
        [
            0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0xBF, // bias 0.5, -0.5
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40, 0x00, 0x00, 0x80, 0x40, // weight 1, 2, 3, 4
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40, // gain 2.5
        ];
        return SafeTensorsBytes.File(json, data);
    }

    private static (byte[] Header, byte[] Data) Split(byte[] file)
    {
        long n = 0;
        for (int i = 0; i < 8; i++)
        {
            n |= (long)file[i] << (8 * i);
        }

        Assert.InRange(n, 2, file.Length - 8);
        return (file[8..(8 + (int)n)], file[(8 + (int)n)..]);
    }

    private static void AssertEntry(JsonElement entry, string dtype, int[] shape, long[] offsets)
    {
        Assert.Equal(dtype, entry.GetProperty("dtype").GetString());
        Assert.Equal(shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(offsets, entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
    }
}
