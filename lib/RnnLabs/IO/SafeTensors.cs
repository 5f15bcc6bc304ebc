using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.IO;

/// <summary>
/// Checkpoints in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format with PyTorch
/// <c>state_dict</c> names (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, <c>0.weight</c>), so a file saved here
/// opens with <c>safetensors.torch.load_file</c> and loads into the PyTorch/TorchSharp twin, and back.
/// <para>
/// Layout: <c>[u64 little-endian N][N bytes UTF-8 JSON header, space-padded to 8 bytes][data buffer]</c>; the header
/// maps each name to <c>{"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}</c> (relative to the data
/// buffer, contiguous, in order) plus an optional <c>"__metadata__": {string: string}</c>; data is little-endian,
/// row-major, tightly packed. float parameters are saved as F32, double parameters as F64.
/// </para>
/// <para>
/// Loading converts between dtypes the way PyTorch's <c>load_state_dict</c> copies do: F32 into a double model is
/// exact, F64 into a float model rounds to nearest (a finite value beyond float's range is an error, not ∞).
/// </para>
/// </summary>
public static class SafeTensors
{
    /// <summary>
    /// Saves <paramref name="parameters"/> to <paramref name="path"/> in the given order, atomically: a temp file in
    /// the same folder is written, flushed to disk and renamed over <paramref name="path"/>; on any failure the temp
    /// file is deleted and an existing checkpoint at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The target file, conventionally <c>*.safetensors</c>; its folder must exist.</param>
    /// <param name="parameters">Names (unique, not <c>__metadata__</c>) with their parameters.</param>
    /// <param name="metadata">Optional free-form strings stored as <c>__metadata__</c> (epoch, loss, config...).</param>
    /// <exception cref="ArgumentException">A name is empty, duplicated or reserved.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException">Writing failed; the message names <paramref name="path"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Save<T>(
        string path, IEnumerable<(string Name, Parameter<T> Parameter)> parameters, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Save(path, parameters, metadata, wrapStream: null);

    /// <summary>Saves every parameter of <paramref name="layer"/> under its <see cref="ILayer{T}.NamedParameters"/> name.</summary>
    /// <inheritdoc cref="Save{T}(string, IEnumerable{ValueTuple{string, Parameter{T}}}, IReadOnlyDictionary{string, string}?)"/>
    public static void Save<T>(string path, ILayer<T> layer, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        Save(path, layer.NamedParameters(), metadata);
    }

    /// <summary>The save path with a seam: <paramref name="wrapStream"/> can interpose on the temp file's stream.</summary>
    internal static void Save<T>(
        string path,
        IEnumerable<(string Name, Parameter<T> Parameter)> parameters,
        IReadOnlyDictionary<string, string>? metadata,
        Func<FileStream, Stream>? wrapStream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var named = CheckNames(parameters, nameof(parameters));
        if (metadata?.FirstOrDefault(kv => kv.Value is null) is { Key: not null } bad)
        {
            throw new ArgumentException($"metadata: expected string values, got null for key '{bad.Key}'", nameof(metadata));
        }

        SafeTensorsWriter.Write(path, named.Select(p => (p.Name, p.Parameter.Value)).ToList(), metadata, wrapStream);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="layer"/>'s parameters, matched by <see cref="ILayer{T}.NamedParameters"/> name.
    /// </summary>
    /// <inheritdoc cref="Load{T}(string, IEnumerable{ValueTuple{string, Parameter{T}}}, bool)"/>
    public static LoadResult Load<T>(string path, ILayer<T> layer, bool strict = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        return Load(path, layer.NamedParameters(), strict);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="parameters"/>, matched by name. The whole file is read and validated,
    /// and every tensor is matched and converted, before the first parameter is written: after any error the
    /// parameters hold exactly what they held before.
    /// </summary>
    /// <param name="path">A safetensors file.</param>
    /// <param name="parameters">Names (unique) with the parameters to fill.</param>
    /// <param name="strict">
    /// True: the file's names must equal the parameters' names. False (PyTorch's <c>strict=False</c>): parameters with no
    /// tensor keep their values and tensors with no parameter are ignored; both are listed in the result.
    /// Shapes must match either way.
    /// </param>
    /// <returns>The keys that did not match (empty after a strict load) and the file's metadata.</returns>
    /// <exception cref="CheckpointException">The file is malformed or truncated, or does not fit the parameters.</exception>
    /// <exception cref="ArgumentException">A parameter name is empty or duplicated.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    public static LoadResult Load<T>(string path, IEnumerable<(string Name, Parameter<T> Parameter)> parameters, bool strict = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var named = CheckNames(parameters, nameof(parameters));
        var content = SafeTensorsReader.Read(path);
        var wanted = named.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var missing = named.Where(p => !content.Tensors.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        var unexpected = content.Tensors.Keys.Where(k => !wanted.Contains(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            throw new CheckpointException(path, missing.Concat(unexpected).First(), DescribeMismatch(missing, unexpected));
        }

        var staged = new List<(Parameter<T> Target, Tensor<T> Value)>();
        foreach (var (name, parameter) in named.Where(p => content.Tensors.ContainsKey(p.Name)))
        {
            staged.Add((parameter, Convert(path, content.Tensors[name], parameter.Value)));
        }

        // Only now, with every check passed, do the parameters change.
        foreach (var (target, value) in staged)
        {
            target.Value.CopyFrom(value);
        }

        return new LoadResult(missing, unexpected, content.Metadata);
    }

    /// <summary>
    /// Reads and validates a whole safetensors file (from this library, PyTorch or any other writer of F32/F64
    /// tensors) for inspection: every tensor with its dtype, shape and values, plus the metadata.
    /// </summary>
    /// <exception cref="CheckpointException">The file is malformed or truncated.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return SafeTensorsReader.Read(path);
    }

    private static List<(string Name, Parameter<T> Parameter)> CheckNames<T>(
        IEnumerable<(string Name, Parameter<T> Parameter)> parameters, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters, argument);
        var list = parameters.ToList();
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            var (name, parameter) = list[i];
            if (string.IsNullOrWhiteSpace(name) || name == "__metadata__" || parameter is null)
            {
                throw new ArgumentException(
                    $"{argument}[{i}]: expected a non-empty name other than '__metadata__' and a parameter, got '{name}' / {parameter?.ToString() ?? "null"}",
                    argument);
            }

            if (!firstIndex.TryAdd(name, i))
            {
                throw new ArgumentException(
                    $"{argument}: expected unique names, got '{name}' at positions {firstIndex[name]} and {i}", argument);
            }
        }

        return list;
    }

    private static string DescribeMismatch(List<string> missing, List<string> unexpected)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"missing tensor(s) {Quote(missing)} that the model expects");
        }

        if (unexpected.Count > 0)
        {
            parts.Add($"unexpected tensor(s) {Quote(unexpected)} that the model does not have");
        }

        return string.Join("; ", parts) + " (load with strict: false to skip them)";
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static Tensor<T> Convert<T>(string path, StoredTensor stored, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!stored.Shape.SequenceEqual(target.Shape.ToArray()))
        {
            throw new CheckpointException(path, stored.Name,
                $"tensor '{stored.Name}' has shape {stored.ShapeString}, model expects {target.ShapeString}");
        }

        var value = stored.ToTensor<T>();
        if (stored.Data is double[] source)
        {
            var converted = value.AsSpan();
            for (int i = 0; i < source.Length; i++)
            {
                if (double.IsFinite(source[i]) && !T.IsFinite(converted[i]))
                {
                    throw new CheckpointException(path, stored.Name,
                        $"tensor '{stored.Name}' value {source[i]} at flat index {i} is outside the range of the model's {typeof(T).Name}");
                }
            }
        }

        return value;
    }
}
