using System.Text.Json;
using RnnLabs.Tensors;

namespace RnnLabs.IO;

/// <summary>Where one tensor lives in the data buffer: bytes [<see cref="Begin"/>, <see cref="End"/>).</summary>
internal sealed record HeaderEntry(string Name, SafeTensorDType DType, int[] Shape, long Begin, long End)
{
    /// <summary>Number of elements, Π shape.</summary>
    public int Count => Shape.Aggregate(1, (n, d) => n * d);
}

/// <summary>
/// The parsed and validated JSON header of a safetensors file:
/// <c>{"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}</c>.
/// Parsing checks every rule of the format before anything is read from the data buffer.
/// </summary>
internal sealed record SafeTensorsHeader(IReadOnlyList<HeaderEntry> Entries, IReadOnlyDictionary<string, string> Metadata)
{
    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Parses <paramref name="json"/> and checks it against a data buffer of <paramref name="dataLength"/> bytes:
    /// known dtypes, non-negative shapes, each tensor's byte span equal to Π shape × element size, and the spans
    /// tiling [0, dataLength) in order with no gap, overlap or overrun. <see cref="Entries"/> come back in offset order.
    /// </summary>
    /// <exception cref="CheckpointException">Any rule is broken; the message names <paramref name="path"/> and the tensor.</exception>
    public static SafeTensorsHeader Parse(string path, byte[] json, long dataLength)
    {
        var entries = new List<HeaderEntry>();
        var metadata = new Dictionary<string, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var document = ParseJson(path, json))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException(path, null, $"header must be a JSON object, found {root.ValueKind}");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new CheckpointException(path, property.Name, $"header lists '{property.Name}' twice");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                }
                else
                {
                    entries.Add(ReadEntry(path, property.Name, property.Value));
                }
            }
        }

        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        CheckLayout(path, ordered, dataLength);
        return new SafeTensorsHeader(ordered, metadata);
    }

    private static JsonDocument ParseJson(string path, byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(path, null, $"header is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, null, $"'{MetadataKey}' must be an object of strings, found {value.ValueKind}");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException(
                    path, null, $"'{MetadataKey}' value for key '{item.Name}' must be a string, found {item.Value.ValueKind}");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new CheckpointException(path, null, $"'{MetadataKey}' lists key '{item.Name}' twice");
            }
        }
    }

    private static HeaderEntry ReadEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, name, $"tensor '{name}': expected an object with dtype, shape and data_offsets, found {value.ValueKind}");
        }

        string? dtypeText = value.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (!SafeTensorDTypes.TryParse(dtypeText, out var dtype))
        {
            string found = dtypeText is null ? "no string dtype" : $"dtype '{dtypeText}'";
            throw new CheckpointException(path, name, $"tensor '{name}' has {found}; supported dtypes are F32 and F64");
        }

        long[] shape = ReadIntegers(path, name, value, "shape", expectedCount: null, max: int.MaxValue);
        long[] offsets = ReadIntegers(path, name, value, "data_offsets", expectedCount: 2, max: long.MaxValue);
        int[] dims = shape.Select(x => (int)x).ToArray();
        long count = 1;
        foreach (long dim in shape)
        {
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new CheckpointException(
                    path, name, $"tensor '{name}' has shape {Tensor<float>.Format(dims)}, more elements than an array can hold");
            }
        }

        long begin = offsets[0], end = offsets[1];
        long bytes = count * SafeTensorDTypes.ElementSize(dtype);
        if (end < begin || end - begin != bytes)
        {
            throw new CheckpointException(path, name,
                $"tensor '{name}' has shape {Tensor<float>.Format(dims)} and dtype {dtype}, so {bytes} bytes, " +
                $"but data_offsets [{begin}, {end}] span {end - begin} bytes");
        }

        return new HeaderEntry(name, dtype, dims, begin, end);
    }

    private static long[] ReadIntegers(string path, string name, JsonElement entry, string field, int? expectedCount, long max)
    {
        string expected = expectedCount is { } n ? $"an array of {n} non-negative integers" : "an array of non-negative integers";
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array
            || (expectedCount is { } count && array.GetArrayLength() != count))
        {
            throw new CheckpointException(path, name, $"tensor '{name}' {field}: expected {expected}, found {Describe(entry, field)}");
        }

        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0 || v > max)
            {
                throw new CheckpointException(path, name, $"tensor '{name}' {field}: expected {expected} (each ≤ {max}), found {array.GetRawText()}");
            }

            values[i++] = v;
        }

        return values;
    }

    private static string Describe(JsonElement entry, string field) =>
        entry.TryGetProperty(field, out var value) ? value.GetRawText() : "nothing";

    private static void CheckLayout(string path, List<HeaderEntry> ordered, long dataLength)
    {
        long expectedBegin = 0;
        HeaderEntry? previous = null;
        foreach (var entry in ordered)
        {
            if (entry.Begin < expectedBegin)
            {
                throw new CheckpointException(path, entry.Name,
                    $"tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            }

            if (entry.Begin > expectedBegin)
            {
                throw new CheckpointException(path, entry.Name,
                    $"tensor '{entry.Name}' data_offsets start at {entry.Begin}, expected {expectedBegin}: tensors must be contiguous from 0");
            }

            if (entry.End > dataLength)
            {
                throw new CheckpointException(path, entry.Name,
                    $"tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] run past the data buffer, which holds " +
                    $"{dataLength} bytes (file truncated or offsets out of range)");
            }

            expectedBegin = entry.End;
            previous = entry;
        }

        if (expectedBegin != dataLength)
        {
            throw new CheckpointException(path, null,
                $"data buffer holds {dataLength} bytes but the tensors account for {expectedBegin} (unexpected trailing bytes)");
        }
    }
}
