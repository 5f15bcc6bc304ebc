using System.Text;

namespace RnnLabs.Data;

/// <summary>
/// A character-level vocabulary: the special tokens (see <see cref="SpecialTokens"/>), then every distinct
/// character of the text sorted by ordinal (UTF-16 code unit) value, so the same text always gives the same ids
/// whatever the culture. A character is one UTF-16 code unit; text outside the Basic Multilingual Plane
/// (e.g. emoji) is split into its two surrogates, each its own token.
/// </summary>
/// <example>
/// <code>
/// var vocab = new CharVocabulary("hello world", SpecialTokens.PadAndUnknown);
/// // &lt;pad&gt;=0, &lt;unk&gt;=1, ' '=2, 'd'=3, 'e'=4, 'h'=5, 'l'=6, 'o'=7, 'r'=8, 'w'=9
/// int[] ids = vocab.Encode("hold");   // [5, 7, 6, 3]
/// string back = vocab.Decode(ids);    // "hold"
/// </code>
/// </example>
public sealed class CharVocabulary
{
    private const string Context = "CharVocabulary";
    private readonly TokenTable _table;
    private readonly Dictionary<char, int> _charIds;

    /// <summary>Builds the vocabulary of <paramref name="text"/>.</summary>
    /// <param name="text">The training text; its distinct characters become the ordinary tokens.</param>
    /// <param name="specials">Reserved tokens placed first; null: <see cref="SpecialTokens.None"/>. A special token
    /// that is a single character also found in the text is rejected, since that character would then have two ids.</param>
    /// <exception cref="ArgumentException">The text is empty, or the special tokens are empty, repeated or clash with the text.</exception>
    public CharVocabulary(string text, SpecialTokens? specials = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new ArgumentException($"{Context} text: expected at least one character, got an empty string", nameof(text));
        }

        var chars = new SortedSet<char>(text);
        Specials = specials ?? SpecialTokens.None;
        _table = new TokenTable(Specials, chars.Select(c => c.ToString()), Context);
        _charIds = new Dictionary<char, int>(chars.Count);
        foreach (char c in chars)
        {
            _charIds[c] = _table.IdOf(c.ToString(), Context);
        }
    }

    /// <summary>The reserved tokens, which hold ids 0 .. (number set − 1).</summary>
    public SpecialTokens Specials { get; }

    /// <summary>Number of ids: special tokens plus distinct characters (the embedding's <c>numEmbeddings</c>).</summary>
    public int Count => _table.Count;

    /// <summary>Id of the pad token, or null when there is none.</summary>
    public int? PadId => _table.PadId;

    /// <summary>Id of the unknown token, or null when there is none (unknown characters are then an error).</summary>
    public int? UnknownId => _table.UnknownId;

    /// <summary>Id of the begin-of-sequence token, or null.</summary>
    public int? BeginId => _table.BeginId;

    /// <summary>Id of the end-of-sequence token, or null.</summary>
    public int? EndId => _table.EndId;

    /// <summary>Every token in id order; characters appear as one-character strings.</summary>
    public IReadOnlyList<string> Tokens => _table.Tokens;

    /// <summary>True when <paramref name="c"/> has its own id.</summary>
    public bool Contains(char c) => _charIds.ContainsKey(c);

    /// <summary>The id of character <paramref name="c"/>.</summary>
    /// <exception cref="ArgumentException">The character is not in the vocabulary.</exception>
    public int IdOf(char c) => _charIds.TryGetValue(c, out int id)
        ? id
        : throw new ArgumentException($"{Context} c: {Describe(c)} is not in the vocabulary of {Count} tokens", nameof(c));

    /// <summary>The id of a token given as text: a special token such as <c>&lt;pad&gt;</c>, or a one-character string.</summary>
    /// <exception cref="ArgumentException">The token is not in the vocabulary.</exception>
    public int IdOf(string token) => _table.IdOf(token, Context);

    /// <summary>The token of <paramref name="id"/>, as text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in [0, <see cref="Count"/>).</exception>
    public string TokenOf(int id) => _table.TokenOf(id, Context);

    /// <summary>
    /// The id of each character of <paramref name="text"/>. A character not in the vocabulary becomes the
    /// unknown id when there is one. Special tokens are never matched inside the text: "&lt;pad&gt;" in the
    /// text is five characters.
    /// </summary>
    /// <exception cref="ArgumentException">A character is unknown and there is no unknown token (names the character and position).</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (_charIds.TryGetValue(text[i], out int id))
            {
                ids[i] = id;
            }
            else
            {
                ids[i] = UnknownId ?? throw new ArgumentException(
                    $"{Context} text: {Describe(text[i])} at position {i} is not in the vocabulary, which has no unknown token", nameof(text));
            }
        }

        return ids;
    }

    /// <summary>
    /// The text of <paramref name="ids"/>: characters as themselves, special tokens as their text
    /// (e.g. "&lt;unk&gt;"), or left out when <paramref name="skipSpecial"/> is true (to drop padding).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in [0, <see cref="Count"/>).</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecial = false)
    {
        _table.CheckIds(ids, Context, nameof(ids));
        var sb = new StringBuilder(ids.Length);
        foreach (int id in ids)
        {
            if (!(skipSpecial && id < _table.SpecialCount))
            {
                sb.Append(_table.Tokens[id]);
            }
        }

        return sb.ToString();
    }

    private static string Describe(char c) => $"'{c}' (U+{(int)c:X4})";
}
