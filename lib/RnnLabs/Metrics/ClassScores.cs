namespace RnnLabs.Metrics;

/// <summary>A per-class score (precision, recall or F1) and its macro average.</summary>
/// <param name="PerClass">The score of class c at index c.</param>
/// <param name="Macro">The unweighted mean over all classes, (1/C) Σ_c score_c, so rare classes count as much as common ones.</param>
public sealed record ClassScores(IReadOnlyList<double> PerClass, double Macro)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"macro {Macro:F4} | " + string.Join(", ", PerClass.Select((s, c) => $"{c}: {s:F4}"));
}
