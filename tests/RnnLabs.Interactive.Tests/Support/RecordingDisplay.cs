namespace RnnLabs.Interactive.Tests.Support;

/// <summary>An <see cref="ILiveDisplay"/> that records every call in order: ("show" | "update", html).</summary>
internal sealed class RecordingDisplay : ILiveDisplay
{
    public List<(string Kind, string Html)> Calls { get; } = [];

    public IEnumerable<string> Kinds => Calls.Select(c => c.Kind);

    /// <summary>What the latest output shows now.</summary>
    public string Current => Calls[^1].Html;

    public void Show(string html) => Calls.Add(("show", html));

    public void Update(string html) => Calls.Add(("update", html));
}
