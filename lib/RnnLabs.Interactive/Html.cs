using System.Globalization;
using System.Text;

namespace RnnLabs.Interactive;

/// <summary>
/// Small building blocks for the HTML that formatters emit. Styles are inline and colours are translucent so the
/// output reads on VS Code's dark and light themes, in JupyterLab and on the static site alike.
/// </summary>
internal static class Html
{
    /// <summary>Background of a passing row or box.</summary>
    public const string PassBackground = "rgba(40, 167, 69, 0.15)";

    /// <summary>Background of a failing row or box.</summary>
    public const string FailBackground = "rgba(220, 53, 69, 0.18)";

    /// <summary>Background of a warning.</summary>
    public const string WarnBackground = "rgba(255, 193, 7, 0.22)";

    /// <summary>Style of a table cell.</summary>
    public const string Cell = "padding: 2px 8px; text-align: right; border-bottom: 1px solid rgba(128, 128, 128, 0.25);";

    /// <summary>Style of a table header cell.</summary>
    public const string HeaderCell = "padding: 2px 8px; text-align: right; border-bottom: 1px solid rgba(128, 128, 128, 0.6);";

    /// <summary>Style of a text (left-aligned) cell.</summary>
    public const string TextCell = "padding: 2px 8px; text-align: left; border-bottom: 1px solid rgba(128, 128, 128, 0.25);";

    /// <summary>Style of a table.</summary>
    public const string Table = "border-collapse: collapse; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; margin: 4px 0;";

    /// <summary>Style of a caption line above a table or chart.</summary>
    public const string Caption = "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 13px; margin: 4px 0;";

    /// <summary>
    /// Escapes the five characters that HTML gives meaning to, and nothing else: non-ASCII text such as ‖∂L/∂h‖ or
    /// σ′ stays readable in the saved notebook (WebUtility.HtmlEncode would turn · into &amp;#183;).
    /// </summary>
    public static string Encode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    /// <summary>A number for people: <paramref name="digits"/> significant digits, invariant culture, NaN and ±∞ spelled out.</summary>
    public static string Number(double value, int digits = 4) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+∞"
        : double.IsNegativeInfinity(value) ? "−∞"
        : value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A small error or tolerance, always in scientific notation (e.g. 3.2e-10).</summary>
    public static string Scientific(double value) =>
        double.IsFinite(value) ? value.ToString("0.0e+0", CultureInfo.InvariantCulture) : Number(value);

    /// <summary>A duration as m:ss, or h:mm:ss from one hour on.</summary>
    public static string Clock(TimeSpan t) =>
        t.TotalHours >= 1
            ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>A table header row; the first <paramref name="textColumns"/> headers are left-aligned like their text cells.</summary>
    public static string HeaderRow(int textColumns, params string[] headers)
    {
        var sb = new StringBuilder("<tr>");
        for (int i = 0; i < headers.Length; i++)
        {
            string align = i < textColumns ? " text-align: left;" : "";
            sb.Append($"<th style=\"{HeaderCell}{align}\">{Encode(headers[i])}</th>");
        }

        return sb.Append("</tr>").ToString();
    }

    /// <summary>A two-column table of (label, value) rows; values are HTML already.</summary>
    public static string KeyValueTable(IEnumerable<(string Label, string ValueHtml)> rows)
    {
        var sb = new StringBuilder($"<table style=\"{Table}\">");
        foreach (var (label, value) in rows)
        {
            sb.Append($"<tr><td style=\"{TextCell}\">{Encode(label)}</td><td style=\"{Cell}\">{value}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }

    /// <summary>A coloured box (pass, fail or warning background) holding <paramref name="innerHtml"/>.</summary>
    public static string Box(string background, string innerHtml) =>
        $"<div style=\"{Caption} background: {background}; padding: 6px 10px; border-radius: 4px;\">{innerHtml}</div>";
}
