namespace RnnLabs.Data;

/// <summary>
/// A word-level vocabulary built from a corpus with a <see cref="WordTokenizer"/>. Ids: the special tokens
/// first (see <see cref="SpecialTokens"/>), then the words by frequency, most frequent first, ties broken by
/// ordinal string order, so the same corpus always gives the same ids.
/// </summary>
/// <example>
/// <code>
/// var vocab = new WordVocabulary(lines, specials: SpecialTokens.All, minFrequency: 2, maxSize: 10_000);
/// int[] ids = vocab.Encode("The cat sat.", addBeginEnd: true);   // [&lt;bos&gt;, the, cat, sat, &lt;eos&gt;]
/// </code>
/// </example>
public sealed class WordVocabulary
{
    private const string Context = "WordVocabulary";
    private readonly TokenTable _table;

    /// <summary>Counts the words of <paramref name="texts"/> and keeps the frequent ones.</summary>
    /// <param name="texts">The training corpus (e.g. one string per line or document).</param>
    /// <param name="tokenizer">How text is split into words; null: <c>new WordTokenizer()</c> (lower-case, no punctuation).</param>
    /// <param name="specials">Reserved tokens placed first; null: <see cref="SpecialTokens.PadAndUnknown"/>.
    /// A corpus word equal to a special token maps to the special id.</param>
    /// <param name="minFrequency">Words seen fewer times are left out (they encode as unknown).</param>
    /// <param name="maxSize">Largest <see cref="Count"/>, special tokens included; the least frequent words are
    /// left out first. Null: no limit.</param>
    /// <exception cref="ArgumentException">No word survives, or the special tokens are empty or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minFrequency"/> &lt; 1, or <paramref name="maxSize"/> leaves no room for a word.</exception>
    public WordVocabulary(
        IEnumerable<string> texts, WordTokenizer? tokenizer = null, SpecialTokens? specials = null,
        int minFrequency = 1, int? maxSize = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Guard.Positive(minFrequency, Context, nameof(minFrequency));
        Tokenizer = tokenizer ?? new WordTokenizer();
        Specials = specials ?? SpecialTokens.PadAndUnknown;
        var reserved = new HashSet<string>(Specials.InIdOrder(), StringComparer.Ordinal);
        int room = maxSize is int m ? m - reserved.Count : int.MaxValue;
        if (room < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize,
                $"{Context} maxSize: expected more than the {reserved.Count} special tokens, got {maxSize}");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            foreach (string word in Tokenizer.Tokenize(text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        var words = counts
            .Where(kv => kv.Value >= minFrequency && !reserved.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(room)
            .Select(kv => kv.Key)
            .ToArray();
        if (words.Length == 0)
        {
            throw new ArgumentException(
                $"{Context} texts: expected at least one word seen {minFrequency}+ times, got none among {counts.Count} distinct words", nameof(texts));
        }

        _table = new TokenTable(Specials, words, Context);
    }

    /// <summary>The tokenizer used to build the vocabulary and by <see cref="Encode"/>.</summary>
    public WordTokenizer Tokenizer { get; }

    /// <summary>The reserved tokens, which hold ids 0 .. (number set − 1).</summary>
    public SpecialTokens Specials { get; }

    /// <summary>Number of ids: special tokens plus kept words (the embedding's <c>numEmbeddings</c>).</summary>
    public int Count => _table.Count;

    /// <summary>Id of the pad token, or null when there is none.</summary>
    public int? PadId => _table.PadId;

    /// <summary>Id of the unknown token, or null when there is none (unknown words are then an error).</summary>
    public int? UnknownId => _table.UnknownId;

    /// <summary>Id of the begin-of-sequence token, or null.</summary>
    public int? BeginId => _table.BeginId;

    /// <summary>Id of the end-of-sequence token, or null.</summary>
    public int? EndId => _table.EndId;

    /// <summary>Every token in id order.</summary>
    public IReadOnlyList<string> Tokens => _table.Tokens;

    /// <summary>True when <paramref name="token"/> has its own id.</summary>
    public bool Contains(string token) => _table.TryGetId(token, out _);

    /// <summary>The id of <paramref name="token"/> (a word as the tokenizer emits it, or a special token).</summary>
    /// <exception cref="ArgumentException">The token is not in the vocabulary.</exception>
    public int IdOf(string token) => _table.IdOf(token, Context);

    /// <summary>The token of <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not in [0, <see cref="Count"/>).</exception>
    public string TokenOf(int id) => _table.TokenOf(id, Context);

    /// <summary>
    /// Tokenizes <paramref name="text"/> with <see cref="Tokenizer"/> and maps each word to its id; a word not
    /// in the vocabulary becomes the unknown id when there is one.
    /// </summary>
    /// <param name="text">The text to encode.</param>
    /// <param name="addBeginEnd">Wrap the ids in the begin and end tokens.</param>
    /// <exception cref="ArgumentException">A word is unknown and there is no unknown token (names the word and its token position).</exception>
    /// <exception cref="InvalidOperationException"><paramref name="addBeginEnd"/> is true but the begin or end token is not set.</exception>
    public int[] Encode(string text, bool addBeginEnd = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (addBeginEnd && (BeginId is null || EndId is null))
        {
            throw new InvalidOperationException(
                $"{Context}.Encode addBeginEnd: expected a vocabulary with Begin and End special tokens, got Begin={Specials.Begin ?? "null"}, End={Specials.End ?? "null"}");
        }

        var words = Tokenizer.Tokenize(text);
        var ids = new List<int>(words.Count + 2);
        if (addBeginEnd)
        {
            ids.Add(BeginId!.Value);
        }

        for (int i = 0; i < words.Count; i++)
        {
            ids.Add(_table.TryGetId(words[i], out int id)
                ? id
                : UnknownId ?? throw new ArgumentException(
                    $"{Context} text: word \"{words[i]}\" (token {i}) is not in the vocabulary, which has no unknown token", nameof(text)));
        }

        if (addBeginEnd)
        {
            ids.Add(EndId!.Value);
        }

        return ids.ToArray();
    }

    /// <summary>
    /// The tokens of <paramref name="ids"/> joined by single spaces; special tokens appear as their text or are
    /// left out when <paramref name="skipSpecial"/> is true. Case and spacing of the original text are not restored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in [0, <see cref="Count"/>).</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecial = false)
    {
        _table.CheckIds(ids, Context, nameof(ids));
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            if (!(skipSpecial && id < _table.SpecialCount))
            {
                tokens.Add(_table.Tokens[id]);
            }
        }

        return string.Join(' ', tokens);
    }
}
