namespace RnnLabs.Data;

/// <summary>
/// The id ↔ token mapping shared by the vocabularies: special tokens first (see <see cref="SpecialTokens"/>),
/// then the ordinary tokens in the order given.
/// </summary>
internal sealed class TokenTable
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    public TokenTable(SpecialTokens specials, IEnumerable<string> ordinary, string context)
    {
        ArgumentNullException.ThrowIfNull(specials);
        var reserved = specials.InIdOrder();
        _tokens = reserved.Concat(ordinary).ToArray();
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < _tokens.Length; id++)
        {
            string token = _tokens[id];
            if (token.Length == 0)
            {
                throw new ArgumentException($"{context} specials: expected non-empty special tokens, got an empty string", nameof(specials));
            }

            if (!_ids.TryAdd(token, id))
            {
                throw new ArgumentException(
                    $"{context} specials: expected distinct tokens, got \"{token}\" at ids {_ids[token]} and {id}", nameof(specials));
            }
        }

        SpecialCount = reserved.Count;
        PadId = IdOrNull(specials.Pad);
        UnknownId = IdOrNull(specials.Unknown);
        BeginId = IdOrNull(specials.Begin);
        EndId = IdOrNull(specials.End);
    }

    public int Count => _tokens.Length;

    public int SpecialCount { get; }

    public int? PadId { get; }

    public int? UnknownId { get; }

    public int? BeginId { get; }

    public int? EndId { get; }

    public IReadOnlyList<string> Tokens => _tokens;

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    public int IdOf(string token, string context)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_ids.TryGetValue(token, out int id))
        {
            throw new ArgumentException($"{context} token: \"{token}\" is not in the vocabulary of {Count} tokens", nameof(token));
        }

        return id;
    }

    public string TokenOf(int id, string context)
    {
        if ((uint)id >= (uint)_tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"{context} id: expected an id in [0, {Count}), got {id}");
        }

        return _tokens[id];
    }

    /// <summary>Throws unless every id is in range, naming the first bad one and its position.</summary>
    public void CheckIds(ReadOnlySpan<int> ids, string context, string argument)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)_tokens.Length)
            {
                throw new ArgumentOutOfRangeException(
                    argument, ids[i], $"{context} {argument}: expected ids in [0, {Count}), got {ids[i]} at position {i}");
            }
        }
    }

    private int? IdOrNull(string? token) => token is null ? null : _ids[token];
}
