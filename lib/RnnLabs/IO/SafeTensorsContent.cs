namespace RnnLabs.IO;

/// <summary>Everything in a safetensors file: its tensors by name and the free-form <c>__metadata__</c>.</summary>
public sealed class SafeTensorsContent
{
    internal SafeTensorsContent(IReadOnlyDictionary<string, StoredTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors, keyed by their header name (PyTorch <c>state_dict</c> names for files this library writes).</summary>
    public IReadOnlyDictionary<string, StoredTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> string map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
