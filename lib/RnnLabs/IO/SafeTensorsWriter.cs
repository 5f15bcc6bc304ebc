using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using RnnLabs.Tensors;

namespace RnnLabs.IO;

/// <summary>
/// Writes a safetensors file atomically: the bytes go to a uniquely named temp file beside the target,
/// are flushed to disk, and only then renamed over the target. A crash or error at any point leaves either
/// the old checkpoint or the new one, never a half-written file.
/// </summary>
internal static class SafeTensorsWriter
{
    // The reference writer pads the header with spaces so the data buffer starts 8-byte aligned.
    private const int HeaderAlignment = 8;
    private const int ChunkBytes = 1 << 16;

    /// <summary>
    /// Writes <paramref name="tensors"/> (names already validated as unique) in the given order.
    /// <paramref name="wrapStream"/> lets tests interpose on the temp file's stream to simulate an I/O failure.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException">Writing or replacing failed; the temp file is gone and <paramref name="path"/> is untouched.</exception>
    public static void Write<T>(
        string path,
        IReadOnlyList<(string Name, Tensor<T> Value)> tensors,
        IReadOnlyDictionary<string, string>? metadata,
        Func<FileStream, Stream>? wrapStream = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = SafeTensorDTypes.Of<T>();
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"cannot save checkpoint '{path}': folder '{folder}' does not exist");
        }

        byte[] header = BuildHeader(tensors, metadata, dtype);
        string temp = Path.Combine(folder, $"{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        bool committed = false;
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var stream = wrapStream?.Invoke(file) ?? file;
                Span<byte> prefix = stackalloc byte[sizeof(ulong)];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
                stream.Write(prefix);
                stream.Write(header);
                WriteData(stream, tensors, dtype);
                stream.Flush();
                // Without the fsync a power cut after the rename can leave an empty file under the final name.
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"saving checkpoint '{path}' failed, any previous checkpoint there is unchanged: {ex.Message}", ex);
        }
        finally
        {
            if (!committed)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>The UTF-8 JSON header, <c>__metadata__</c> first, then tensors in data order, space-padded to 8 bytes.</summary>
    private static byte[] BuildHeader<T>(
        IReadOnlyList<(string Name, Tensor<T> Value)> tensors, IReadOnlyDictionary<string, string>? metadata, SafeTensorDType dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, value) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (int dim in value.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)value.Length * SafeTensorDTypes.ElementSize(dtype);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteData<T>(Stream stream, IReadOnlyList<(string Name, Tensor<T> Value)> tensors, SafeTensorDType dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = SafeTensorDTypes.ElementSize(dtype);
        var chunk = new byte[ChunkBytes];
        foreach (var (_, value) in tensors)
        {
            var values = value.AsSpan();
            for (int start = 0; start < values.Length; start += ChunkBytes / size)
            {
                var part = values.Slice(start, Math.Min(ChunkBytes / size, values.Length - start));
                for (int i = 0; i < part.Length; i++)
                {
                    // T is float for F32 and double for F64, so these conversions are identities.
                    if (dtype == SafeTensorDType.F32)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(i * size), float.CreateTruncating(part[i]));
                    }
                    else
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(chunk.AsSpan(i * size), double.CreateTruncating(part[i]));
                    }
                }

                stream.Write(chunk, 0, part.Length * size);
            }
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reporting this would hide the error that made the save fail; a stray .tmp is harmless.
        }
    }
}
