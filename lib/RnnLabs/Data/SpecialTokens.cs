namespace RnnLabs.Data;

/// <summary>
/// The reserved tokens of a vocabulary. Each one that is not null gets an id before any ordinary token,
/// in the order pad, unknown, begin, end; so with <see cref="PadAndUnknown"/>, <c>&lt;pad&gt;</c> = 0 and
/// <c>&lt;unk&gt;</c> = 1. Putting pad at 0 lets a zero-filled id tensor already be "all padding".
/// </summary>
/// <param name="Pad">Fills the steps past a sequence's length (e.g. <c>&lt;pad&gt;</c>); null: none.</param>
/// <param name="Unknown">Stands for any token not in the vocabulary (e.g. <c>&lt;unk&gt;</c>); null: unknown tokens are an error.</param>
/// <param name="Begin">Marks the start of a sequence (e.g. <c>&lt;bos&gt;</c>); null: none.</param>
/// <param name="End">Marks the end of a sequence (e.g. <c>&lt;eos&gt;</c>); null: none.</param>
public sealed record SpecialTokens(string? Pad = null, string? Unknown = null, string? Begin = null, string? End = null)
{
    /// <summary>No reserved tokens: ids are the ordinary tokens only.</summary>
    public static SpecialTokens None { get; } = new();

    /// <summary><c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1.</summary>
    public static SpecialTokens PadAndUnknown { get; } = new("<pad>", "<unk>");

    /// <summary><c>&lt;pad&gt;</c> = 0, <c>&lt;unk&gt;</c> = 1, <c>&lt;bos&gt;</c> = 2, <c>&lt;eos&gt;</c> = 3.</summary>
    public static SpecialTokens All { get; } = new("<pad>", "<unk>", "<bos>", "<eos>");

    /// <summary>The tokens that are set, in id order (pad, unknown, begin, end).</summary>
    public IReadOnlyList<string> InIdOrder() =>
        new[] { Pad, Unknown, Begin, End }.OfType<string>().ToArray();
}
