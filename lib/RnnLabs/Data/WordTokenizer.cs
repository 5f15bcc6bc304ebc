using System.Text;

namespace RnnLabs.Data;

/// <summary>
/// A simple, predictable word tokenizer. The rules, applied left to right:
/// <list type="number">
/// <item>A word is a maximal run of letters and digits (Unicode categories, per code point).</item>
/// <item>An apostrophe (' or the typographic ’, which is normalised to ') between two letters or digits
/// stays inside the word: "don't", "o'clock", "rock'n'roll" are one token each.</item>
/// <item>White space separates tokens and is dropped.</item>
/// <item>Any other character, including an apostrophe at the edge of a word ("'yes'"), is punctuation:
/// one token per character when <see cref="KeepPunctuation"/> is true, dropped otherwise.</item>
/// </list>
/// With <see cref="Lowercase"/>, words are lower-cased with the invariant culture, so "The" and "the" are
/// one word. Joining the tokens with spaces does not give back the original text.
/// </summary>
/// <param name="Lowercase">Lower-case every token (default true).</param>
/// <param name="KeepPunctuation">Emit punctuation characters as tokens (default false: drop them).</param>
public sealed record WordTokenizer(bool Lowercase = true, bool KeepPunctuation = false)
{
    /// <summary>Splits <paramref name="text"/> into tokens by the rules above.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var word = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(text, i, consumed);
            }
            else if (IsApostrophe(rune) && word.Length > 0 && NextIsLetterOrDigit(text, i + consumed))
            {
                word.Append('\'');
            }
            else
            {
                Flush(word, tokens);
                if (KeepPunctuation && !Rune.IsWhiteSpace(rune))
                {
                    tokens.Add(IsApostrophe(rune) ? "'" : text.Substring(i, consumed));
                }
            }

            i += consumed;
        }

        Flush(word, tokens);
        return tokens;
    }

    private void Flush(StringBuilder word, List<string> tokens)
    {
        if (word.Length > 0)
        {
            string token = word.ToString();
            tokens.Add(Lowercase ? token.ToLowerInvariant() : token);
            word.Clear();
        }
    }

    private static bool IsApostrophe(Rune rune) => rune.Value is '\'' or '\u2019';

    private static bool NextIsLetterOrDigit(string text, int index) =>
        index < text.Length && Rune.DecodeFromUtf16(text.AsSpan(index), out Rune next, out _) == System.Buffers.OperationStatus.Done
        && Rune.IsLetterOrDigit(next);
}
