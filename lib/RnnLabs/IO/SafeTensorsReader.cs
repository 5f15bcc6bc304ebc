using System.Buffers.Binary;

namespace RnnLabs.IO;

/// <summary>
/// Reads a whole safetensors file: <c>[u64 little-endian N][N bytes of UTF-8 JSON header][data buffer]</c>.
/// The length prefix and the header are validated against the file size before the data buffer is read,
/// so a corrupt or truncated file fails with a message, never with an out-of-range read.
/// </summary>
internal static class SafeTensorsReader
{
    /// <summary>The reference implementation's cap on the header size; anything larger is not a real header.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const int LengthPrefix = sizeof(ulong);

    /// <summary>Reads, validates and decodes every tensor of <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file breaks the format; the message says where and how.</exception>
    public static SafeTensorsContent Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = stream.Length;
        if (fileLength < LengthPrefix)
        {
            throw new CheckpointException(path, null,
                $"file is {fileLength} bytes, shorter than the {LengthPrefix}-byte header length (truncated?)");
        }

        Span<byte> prefix = stackalloc byte[LengthPrefix];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - LengthPrefix))
        {
            throw new CheckpointException(path, null,
                $"header length {headerLength} exceeds file size {fileLength} (truncated, or not a safetensors file)");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw new CheckpointException(path, null, $"header length {headerLength} exceeds the {MaxHeaderLength}-byte limit");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataLength = fileLength - LengthPrefix - (long)headerLength;
        var header = SafeTensorsHeader.Parse(path, json, dataLength);
        if (dataLength > Array.MaxLength)
        {
            throw new CheckpointException(path, null, $"data buffer of {dataLength} bytes is larger than this reader can hold ({Array.MaxLength})");
        }

        var data = new byte[dataLength];
        stream.ReadExactly(data);
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            tensors.Add(entry.Name, Decode(entry, data.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin))));
        }

        return new SafeTensorsContent(tensors, header.Metadata);
    }

    private static StoredTensor Decode(HeaderEntry entry, ReadOnlySpan<byte> bytes)
    {
        // BinaryPrimitives pins the on-disk byte order to little-endian whatever the host's order is.
        if (entry.DType == SafeTensorDType.F32)
        {
            var singles = new float[entry.Count];
            for (int i = 0; i < singles.Length; i++)
            {
                singles[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            return new StoredTensor(entry.Name, entry.DType, entry.Shape, singles);
        }

        var doubles = new double[entry.Count];
        for (int i = 0; i < doubles.Length; i++)
        {
            doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * sizeof(double))..]);
        }

        return new StoredTensor(entry.Name, entry.DType, entry.Shape, doubles);
    }
}
