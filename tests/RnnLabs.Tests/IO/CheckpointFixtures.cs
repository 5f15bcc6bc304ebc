using System.Numerics;
using System.Text;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.IO;

/// <summary>
/// A test-only layer that is nothing but named parameters, so checkpoint tests do not depend on the real
/// layers. Values are U(−1, 1) from a seed: two models with different seeds differ in every element.
/// </summary>
internal sealed class TinyModel<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, Parameter<T> Parameter)> _parameters;

    public TinyModel(ulong seed, params (string Name, int[] Shape)[] specs)
    {
        var rng = new Rng(seed);
        _parameters = specs.Select(s => (s.Name, new Parameter<T>(s.Name, rng.Uniform<T>(-1, 1, s.Shape)))).ToList();
    }

    /// <summary>The standard model of these tests: PyTorch-style names, ranks 2, 1 and 2.</summary>
    public static TinyModel<T> Standard(ulong seed) =>
        new(seed, ("weight_ih_l0", [4, 3]), ("bias_hh_l1_reverse", [4]), ("0.weight", [2, 2]));

    public Parameter<T> this[string name] => _parameters.Single(p => p.Name == name).Parameter;

    public Tensor<T> Forward(Tensor<T> input, bool training = false) =>
        throw new NotSupportedException("TinyModel only carries parameters for checkpoint tests");

    public Tensor<T> Backward(Tensor<T> outputGrad) =>
        throw new NotSupportedException("TinyModel only carries parameters for checkpoint tests");

    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters() => _parameters;

    /// <summary>A deep copy of every value, to compare before and after a load.</summary>
    public List<T[]> Snapshot() => _parameters.Select(p => p.Parameter.Value.ToArray()).ToList();
}

/// <summary>A fresh, empty folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rnnlabs-io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Names of every entry (files and folders) in the folder, sorted.</summary>
    public string[] Entries() =>
        Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Builds safetensors bytes by hand, independently of the library's writer.</summary>
internal static class SafeTensorsBytes
{
    /// <summary><c>[u64 LE length][header, space-padded to 8 bytes][data]</c>, as the reference writer lays it out.</summary>
    public static byte[] File(string headerJson, byte[] data)
    {
        var header = new List<byte>(Encoding.UTF8.GetBytes(headerJson));
        while (header.Count % 8 != 0)
        {
            header.Add((byte)' ');
        }

        return [.. UInt64(header.Count), .. header, .. data];
    }

    public static byte[] UInt64(long value)
    {
        var bytes = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)((ulong)value >> (8 * i));
        }

        return bytes;
    }

    public static byte[] F32(params float[] values) =>
        values.SelectMany(v => Little(BitConverter.SingleToUInt32Bits(v), 4)).ToArray();

    public static byte[] F64(params double[] values) =>
        values.SelectMany(v => Little(BitConverter.DoubleToUInt64Bits(v), 8)).ToArray();

    private static IEnumerable<byte> Little(ulong bits, int count) =>
        Enumerable.Range(0, count).Select(i => (byte)(bits >> (8 * i)));
}
