namespace RnnLabs.IO;

/// <summary>
/// What a checkpoint load did not match, as PyTorch's <c>load_state_dict</c> reports it. Both lists are empty
/// after a strict load (which throws instead).
/// </summary>
/// <param name="MissingKeys">Model parameters with no tensor in the file; their values were left as they were.</param>
/// <param name="UnexpectedKeys">Tensors in the file that no model parameter asked for; they were ignored.</param>
/// <param name="Metadata">The file's <c>__metadata__</c> (e.g. epoch, loss, configuration), empty when it has none.</param>
public sealed record LoadResult(
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyDictionary<string, string> Metadata);
