using System.Text.RegularExpressions;

namespace RnnLabs.Interactive;

/// <summary>
/// The vendored plotly.js bundle (Resources/, an embedded resource) and the one script tag that loads it into a
/// notebook page. Charts then call the global <c>Plotly</c>: no CDN, no requirejs, no copy per chart.
/// </summary>
internal static partial class PlotlyJs
{
    /// <summary>Name of the embedded resource (see the csproj).</summary>
    public const string ResourceName = "RnnLabs.Interactive.plotly.min.js";

    private static readonly Lazy<string> BundleText = new(ReadBundle);

    /// <summary>The minified plotly.js source, unchanged.</summary>
    public static string Bundle => BundleText.Value;

    /// <summary>The bundle's version from its licence header, e.g. <c>2.30.1</c>.</summary>
    public static string Version => VersionPattern().Match(Bundle[..Math.Min(400, Bundle.Length)]) is { Success: true } m
        ? m.Groups[1].Value
        : "unknown";

    /// <summary>
    /// A script tag that defines <c>window.Plotly</c> once per page. The bundle is a UMD module: where a page
    /// defines AMD <c>define</c> (classic Jupyter, nbconvert pages with require.js) or CommonJS
    /// <c>module</c>/<c>exports</c>, it would register itself there instead of setting the global, so it runs in
    /// a function whose parameters of those names are undefined. A page that already has Plotly keeps it.
    /// </summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\">\n" +
        "if (typeof window.Plotly === \"undefined\") {\n" +
        "(function (define, module, exports, require) {\n" +
        EscapeForScript(Bundle) +
        "\n}).call(window);\n" +
        "}\n" +
        "</script>";

    /// <summary>
    /// Makes script text (code or JSON) safe inside an inline script element: <c>&lt;/script</c> would end the
    /// element early and <c>&lt;!--</c> switches the HTML parser's script state. Both only occur inside JS strings,
    /// where <c>\/</c> and <c>\!</c> read as <c>/</c> and <c>!</c>.
    /// </summary>
    public static string EscapeForScript(string script) =>
        ScriptEnd().Replace(script, "<\\/$1").Replace("<!--", "<\\!--", StringComparison.Ordinal);

    private static string ReadBundle()
    {
        using var stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"RnnLabs.Interactive: embedded resource '{ResourceName}' is missing; rebuild the library.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("</(script)", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex(@"plotly\.js[^\n]*?v(\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}
