using System.Numerics;
using RnnLabs.IO;
using RnnLabs.Layers;
using TorchSharp;

namespace RnnLabs.Torch;

/// <summary>
/// safetensors checkpoints for TorchSharp modules, through <see cref="SafeTensors"/> (TorchSharp itself has no
/// safetensors reader): the keys are the module's <c>state_dict()</c> names, which for a twin are exactly the RnnLabs
/// parameter names (<c>weight_ih_l0</c>, <c>0.bias_hh_l1_reverse</c>, <c>1.weight</c>), so a checkpoint moves
/// RnnLabs → torch → RnnLabs with every value bit for bit.
/// </summary>
public static class TorchCheckpoint
{
    /// <summary>
    /// Saves the module's <c>state_dict()</c> to <paramref name="path"/> (atomically, as <see cref="SafeTensors"/> does):
    /// F32 for a float32 module, F64 for a float64 one.
    /// </summary>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="module">The module to save.</param>
    /// <param name="metadata">Optional strings stored as <c>__metadata__</c>.</param>
    /// <exception cref="NotSupportedException">The module's tensors are not all float32 or all float64.</exception>
    public static void Save(string path, torch.nn.Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(module);
        var state = module.state_dict();
        var dtypes = state.Values.Select(t => t.dtype).Distinct().ToList();
        switch (dtypes)
        {
            case [torch.ScalarType.Float32]:
                SafeTensors.Save(path, AsParameters<float>(state), metadata);
                break;
            case [torch.ScalarType.Float64]:
                SafeTensors.Save(path, AsParameters<double>(state), metadata);
                break;
            default:
                throw new NotSupportedException(
                    $"module: expected a state_dict of float32 or of float64 tensors, got [{string.Join(", ", dtypes)}]");
        }
    }

    /// <summary>
    /// Loads a safetensors checkpoint into the module's <c>state_dict()</c>, strictly: the file's names must be the
    /// module's and every shape must match. Values convert to the module's dtype as <see cref="SafeTensors.Load{T}(string, ILayer{T}, bool)"/>
    /// does (F64 into float32 rounds; a finite value beyond float's range is an error). Nothing is written unless
    /// every tensor fits.
    /// </summary>
    /// <exception cref="CheckpointException">The file is malformed, or a name or shape does not match; the message names the tensor.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    public static LoadResult Load(string path, torch.nn.Module module)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(module);
        var content = SafeTensors.Read(path);
        var state = module.state_dict();
        var missing = state.Keys.Where(k => !content.Tensors.ContainsKey(k)).ToList();
        var unexpected = content.Tensors.Keys.Where(k => !state.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new CheckpointException(path, missing.Concat(unexpected).First(), DescribeMismatch(missing, unexpected));
        }

        using var scope = torch.NewDisposeScope();
        var staged = state.Select(kv => (Target: kv.Value, Value: Stage(path, content.Tensors[kv.Key], kv.Value))).ToList();

        // Only now, with every tensor checked and converted, does the module change.
        using (torch.no_grad())
        {
            foreach (var (target, value) in staged)
            {
                using var step = torch.NewDisposeScope();
                target.copy_(value);
            }
        }

        return new LoadResult([], [], content.Metadata);
    }

    private static List<(string Name, Parameter<T> Parameter)> AsParameters<T>(Dictionary<string, torch.Tensor> state)
        where T : unmanaged, IFloatingPointIeee754<T>
        => state.Select(kv => (kv.Key, new Parameter<T>(kv.Key, kv.Value.ToRnnLabs<T>()))).ToList();

    /// <summary>The stored values as a torch tensor of the target's dtype, after checking shape and range.</summary>
    private static torch.Tensor Stage(string path, StoredTensor stored, torch.Tensor target)
    {
        if (!stored.Shape.Select(s => (long)s).SequenceEqual(target.shape))
        {
            throw new CheckpointException(path, stored.Name,
                $"tensor '{stored.Name}' has shape {stored.ShapeString}, module expects {TensorBridge.ShapeString(target)}");
        }

        return target.dtype switch
        {
            torch.ScalarType.Float32 => Convert<float>(path, stored),
            torch.ScalarType.Float64 => Convert<double>(path, stored),
            _ => throw new CheckpointException(path, stored.Name,
                $"tensor '{stored.Name}': the module holds it as {target.dtype}; only float32 and float64 load from safetensors"),
        };
    }

    private static torch.Tensor Convert<T>(string path, StoredTensor stored) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = stored.ToTensor<T>();
        if (stored.Data is double[] source)
        {
            var converted = value.AsSpan();
            for (int i = 0; i < source.Length; i++)
            {
                if (double.IsFinite(source[i]) && !T.IsFinite(converted[i]))
                {
                    throw new CheckpointException(path, stored.Name,
                        $"tensor '{stored.Name}' value {source[i]} at flat index {i} is outside the range of the module's {TensorBridge.DType<T>()}");
                }
            }
        }

        return value.ToTorch();
    }

    private static string DescribeMismatch(List<string> missing, List<string> unexpected)
    {
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"missing tensor(s) {Quote(missing)} that the module's state_dict expects");
        }

        if (unexpected.Count > 0)
        {
            parts.Add($"unexpected tensor(s) {Quote(unexpected)} that the module does not have");
        }

        return string.Join("; ", parts);
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
