namespace RnnLabs.IO;

/// <summary>
/// A checkpoint file is malformed, truncated, or does not match the model it is loaded into. The message
/// names the file, the tensor (when one is at fault) and what was expected vs found, e.g.
/// <c>model.safetensors: tensor 'weight_ih_l0' has shape [16, 3], model expects [16, 4]</c>.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception; the message is <c>"{filePath}: {detail}"</c>.</summary>
    public CheckpointException(string filePath, string? tensorName, string detail, Exception? innerException = null)
        : base($"{filePath}: {detail}", innerException)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>The checkpoint file, as the caller named it.</summary>
    public string FilePath { get; }

    /// <summary>The tensor at fault, or null when the problem is the file as a whole (length, header JSON, layout).</summary>
    public string? TensorName { get; }
}
