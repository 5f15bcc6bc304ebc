using System.Text;

namespace RnnLabs.Interactive;

/// <summary>One random input of an <see cref="Exercise"/> check.</summary>
/// <param name="Input">The input, in words (e.g. <c>x = 0.5234</c> or <c>x #2 [3, 4]</c>).</param>
/// <param name="Student">What the student's function gave (for a tensor: at the worst element).</param>
/// <param name="Reference">What the reference gave there.</param>
/// <param name="Error">The compared error (see the check's documentation).</param>
/// <param name="Passed">Error within the tolerance.</param>
public sealed record ExerciseSample(string Input, string Student, string Reference, double Error, bool Passed);

/// <summary>
/// The outcome of an <see cref="Exercise"/> check: shown as a green or red box with one row per random input.
/// </summary>
/// <param name="Name">The exercise's name.</param>
/// <param name="Tolerance">The largest error that passes.</param>
/// <param name="Samples">One row per input tried.</param>
/// <param name="Problem">Why no comparison was possible (e.g. the function is not implemented yet), or null.</param>
public sealed record ExerciseResult(string Name, double Tolerance, IReadOnlyList<ExerciseSample> Samples, string? Problem)
{
    /// <summary>True when every input agreed with the reference and nothing went wrong.</summary>
    public bool Passed => Problem is null && Samples.Count > 0 && Samples.All(s => s.Passed);

    /// <summary>One sentence: the verdict and, on failure, the first disagreeing input.</summary>
    public string Summary
    {
        get
        {
            if (Problem is not null)
            {
                return $"exercise '{Name}': {Problem}";
            }

            double worst = Samples.Count == 0 ? double.NaN : Samples.Max(s => s.Error);
            int failed = Samples.Count(s => !s.Passed);
            if (failed == 0)
            {
                return $"exercise '{Name}': all {Samples.Count} random inputs agree with the reference (max error {Html.Scientific(worst)} ≤ {Html.Scientific(Tolerance)})";
            }

            var first = Samples.First(s => !s.Passed);
            return $"exercise '{Name}': {failed} of {Samples.Count} random inputs disagree with the reference; first at {first.Input}: " +
                   $"yours {first.Student}, reference {first.Reference} (error {Html.Scientific(first.Error)} > {Html.Scientific(Tolerance)})";
        }
    }

    /// <inheritdoc cref="Summary"/>
    public override string ToString() => (Passed ? "✓ " : "✗ ") + Summary;

    /// <summary>The verdict box and a table of the inputs tried.</summary>
    internal string ToHtml()
    {
        var sb = new StringBuilder(Html.Box(Passed ? Html.PassBackground : Html.FailBackground, Html.Encode(ToString())));
        if (Samples.Count == 0)
        {
            return sb.ToString();
        }

        sb.Append($"<table style=\"{Html.Table}\">").Append(Html.HeaderRow(1, "input", "yours", "reference", "error", ""));
        foreach (var s in Samples)
        {
            sb.Append($"<tr style=\"background: {(s.Passed ? Html.PassBackground : Html.FailBackground)};\">")
              .Append($"<td style=\"{Html.TextCell}\">{Html.Encode(s.Input)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Encode(s.Student)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Encode(s.Reference)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{Html.Scientific(s.Error)}</td>")
              .Append($"<td style=\"{Html.Cell}\">{(s.Passed ? "✓" : "✗")}</td></tr>");
        }

        return sb.Append("</table>").ToString();
    }
}
