using System.Text;
using RnnLabs.Diagnostics;

namespace RnnLabs.Interactive;

/// <summary>
/// A <see cref="GradCheckReport"/> as HTML: a verdict line and one row per tensor, green when its relative error
/// ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) is within <see cref="GradCheck.DefaultTolerance"/>, red otherwise.
/// </summary>
internal static class GradCheckHtml
{
    /// <summary>Renders <paramref name="report"/> against <paramref name="tolerance"/>.</summary>
    public static string Render(GradCheckReport report, double tolerance = GradCheck.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(report);
        int failed = report.Entries.Count(e => !(e.RelativeError <= tolerance));
        string verdict = failed == 0
            ? $"✓ gradient check passed: all {report.Entries.Count} tensors within {Html.Scientific(tolerance)} (worst {Html.Scientific(report.WorstRelativeError)})"
            : $"✗ gradient check failed: {failed} of {report.Entries.Count} tensors above {Html.Scientific(tolerance)} (worst {Html.Scientific(report.WorstRelativeError)})";
        var sb = new StringBuilder(Html.Box(failed == 0 ? Html.PassBackground : Html.FailBackground, Html.Encode(verdict)));
        sb.Append($"<table style=\"{Html.Table}\">")
          .Append(Html.HeaderRow(2, "tensor", "shape", "rel. error", "max elem. error", "max |a − n|", ""));
        foreach (var e in report.Entries)
        {
            bool pass = e.RelativeError <= tolerance;
            sb.Append($"<tr style=\"background: {(pass ? Html.PassBackground : Html.FailBackground)};\">")
              .Append($"<td style=\"{Html.TextCell}\">{Html.Encode(e.Name)}</td>")
              .Append($"<td style=\"{Html.TextCell}\">{Html.Encode(e.Shape)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Scientific(e.RelativeError)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Scientific(e.MaxElementError)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Scientific(e.MaxAbsDifference)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{(pass ? "✓ pass" : "✗ fail")}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }
}
