using System.Text;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Diagnostics;

/// <summary>One tensor's comparison of analytic and numerical gradients.</summary>
/// <param name="Name">Parameter or input name.</param>
/// <param name="Shape">Shape as text.</param>
/// <param name="RelativeError">‖a − n‖₂ / max(1e-12, ‖a‖₂ + ‖n‖₂): the gated figure.</param>
/// <param name="MaxElementError">CS231n's max over elements of |a − n| / max(1e-8, |a| + |n|), for teaching.</param>
/// <param name="MaxAbsDifference">max |a − n|.</param>
public sealed record GradCheckEntry(string Name, string Shape, double RelativeError, double MaxElementError, double MaxAbsDifference);

/// <summary>The result of <see cref="GradCheck"/>: one entry per tensor.</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(IReadOnlyList<GradCheckEntry> entries) => Entries = entries;

    /// <summary>Per-tensor results, in the order given.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The largest per-tensor <see cref="GradCheckEntry.RelativeError"/>.</summary>
    public double WorstRelativeError => Entries.Count == 0 ? 0 : Entries.Max(e => e.RelativeError);

    /// <summary>True when every tensor's relative error is at most <paramref name="tolerance"/>.</summary>
    public bool Passed(double tolerance = GradCheck.DefaultTolerance) => Entries.All(e => e.RelativeError <= tolerance);

    /// <summary>A fixed-width table, one row per tensor.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"tensor",-24} {"shape",-14} {"rel. error",11} {"max elem.",11} {"max |a-n|",11}");
        foreach (var e in Entries)
        {
            sb.AppendLine($"{e.Name,-24} {e.Shape,-14} {e.RelativeError,11:E2} {e.MaxElementError,11:E2} {e.MaxAbsDifference,11:E2}");
        }

        return sb.ToString();
    }
}

/// <summary>
/// Gradient checking by central differences in float64:
/// ∂L/∂θⱼ ≈ (L(θ + εeⱼ) − L(θ − εeⱼ)) / 2ε, whose error is O(ε²) plus rounding of order 1e-16/ε.
/// </summary>
public static class GradCheck
{
    /// <summary>The pass bar on the per-tensor relative error.</summary>
    public const double DefaultTolerance = 1e-7;

    /// <summary>
    /// Compares each tensor's analytic gradient with central differences of <paramref name="loss"/>,
    /// which must recompute the loss from the tensors' current values. Every value is restored afterwards.
    /// </summary>
    /// <param name="loss">Recomputes the scalar loss (forward only).</param>
    /// <param name="tensors">Name, the value to perturb, and the analytic gradient already computed for it.</param>
    /// <param name="epsilon">Step ε of the central difference.</param>
    public static GradCheckReport Compare(
        Func<double> loss,
        IEnumerable<(string Name, Tensor<double> Value, Tensor<double> Analytic)> tensors,
        double epsilon = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(tensors);
        Guard.InRange(epsilon, 1e-12, 1, nameof(GradCheck), nameof(epsilon));
        var entries = new List<GradCheckEntry>();
        foreach (var (name, value, analytic) in tensors)
        {
            if (!value.SameShape(analytic))
            {
                throw new ArgumentException($"{name}: value {value.ShapeString} and gradient {analytic.ShapeString} differ", nameof(tensors));
            }

            entries.Add(CompareOne(loss, name, value, analytic.ToArray(), epsilon));
        }

        return new GradCheckReport(entries);
    }

    /// <summary>
    /// Checks every parameter of <paramref name="layer"/> (gradients already accumulated) plus any
    /// <paramref name="inputs"/> given as (name, value, analytic gradient).
    /// </summary>
    public static GradCheckReport Compare(
        Func<double> loss, ILayer<double> layer,
        params (string Name, Tensor<double> Value, Tensor<double> Analytic)[] inputs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var all = layer.NamedParameters().Select(p => (p.Name, p.Parameter.Value, p.Parameter.Grad)).Concat(inputs);
        return Compare(loss, all);
    }

    private static GradCheckEntry CompareOne(Func<double> loss, string name, Tensor<double> value, double[] analytic, double epsilon)
    {
        var span = value.AsSpan();
        double diffSq = 0, analyticSq = 0, numericSq = 0, maxElement = 0, maxAbs = 0;
        for (int j = 0; j < span.Length; j++)
        {
            double saved = span[j];
            value.At(j) = saved + epsilon;
            double plus = loss();
            value.At(j) = saved - epsilon;
            double minus = loss();
            value.At(j) = saved;

            double numeric = (plus - minus) / (2 * epsilon);
            double a = analytic[j];
            double diff = Math.Abs(a - numeric);
            diffSq += diff * diff;
            analyticSq += a * a;
            numericSq += numeric * numeric;
            maxAbs = Math.Max(maxAbs, diff);
            maxElement = Math.Max(maxElement, diff / Math.Max(1e-8, Math.Abs(a) + Math.Abs(numeric)));
        }

        double relative = Math.Sqrt(diffSq) / Math.Max(1e-12, Math.Sqrt(analyticSq) + Math.Sqrt(numericSq));
        return new GradCheckEntry(name, value.ShapeString, relative, maxElement, maxAbs);
    }
}
