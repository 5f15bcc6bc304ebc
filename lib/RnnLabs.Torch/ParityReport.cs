using System.Globalization;
using System.Numerics;
using System.Text;
using RnnLabs.Tensors;

namespace RnnLabs.Torch;

/// <summary>
/// How closely two runs of the same recurrent computation agree, tensor by tensor (see <see cref="RecurrentRun{T}"/>):
/// for every output and every gradient, the max absolute and max relative error of the candidate (RnnLabs) against the
/// reference (TorchSharp), and pass/fail against a <see cref="ParityTolerance"/>. <see cref="ToString"/> is a table.
/// </summary>
public sealed class ParityReport
{
    private ParityReport(string precision, ParityTolerance tolerance, IReadOnlyList<ParityEntry> entries)
    {
        Precision = precision;
        Tolerance = tolerance;
        Entries = entries;
    }

    /// <summary>float32 or float64: the precision both runs computed in.</summary>
    public string Precision { get; }

    /// <summary>The bars the entries were judged against.</summary>
    public ParityTolerance Tolerance { get; }

    /// <summary>One row per compared tensor: outputs first, then the input and state gradients, then parameters.</summary>
    public IReadOnlyList<ParityEntry> Entries { get; }

    /// <summary>True when every entry passed.</summary>
    public bool Passed => Entries.All(e => e.Passed);

    /// <summary>The entries that did not pass.</summary>
    public IReadOnlyList<ParityEntry> Failures => Entries.Where(e => !e.Passed).ToList();

    /// <summary>The largest absolute error over the outputs (output, h_n, c_n).</summary>
    public double WorstOutputAbsError => Entries.Where(e => e.Kind == ParityKind.Output).Max(e => e.MaxAbsError);

    /// <summary>The largest relative error over the gradients (input, states, parameters).</summary>
    public double WorstGradientRelativeError => Entries.Where(e => e.Kind == ParityKind.Gradient).Max(e => e.MaxRelativeError);

    /// <summary>Compares <paramref name="candidate"/> with <paramref name="reference"/> tensor by tensor.</summary>
    /// <param name="candidate">The run under test (RnnLabs).</param>
    /// <param name="reference">The run it should match (TorchSharp).</param>
    /// <param name="tolerance">The bars (null: <see cref="ParityTolerance.For{T}"/>).</param>
    /// <exception cref="ArgumentException">The runs do not hold the same tensors: a shape, a state or a parameter name differs.</exception>
    public static ParityReport Compare<T>(RecurrentRun<T> candidate, RecurrentRun<T> reference, ParityTolerance? tolerance = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        tolerance ??= ParityTolerance.For<T>();
        var entries = new List<ParityEntry>();
        void Add(string name, ParityKind kind, Tensor<T>? a, Tensor<T>? b)
        {
            if (a is null && b is null)
            {
                return;
            }

            if (a is null || b is null || !a.SameShape(b))
            {
                throw new ArgumentException(
                    $"candidate: expected '{name}' shaped like the reference's {b?.ShapeString ?? "(none)"}, got {a?.ShapeString ?? "(none)"}",
                    nameof(candidate));
            }

            entries.Add(Measure(name, kind, a, b, tolerance));
        }

        Add("output", ParityKind.Output, candidate.Output, reference.Output);
        Add("h_n", ParityKind.Output, candidate.HiddenState, reference.HiddenState);
        Add("c_n", ParityKind.Output, candidate.CellState, reference.CellState);
        Add("input", ParityKind.Gradient, candidate.InputGrad, reference.InputGrad);
        Add("h0", ParityKind.Gradient, candidate.InitialHiddenStateGrad, reference.InitialHiddenStateGrad);
        Add("c0", ParityKind.Gradient, candidate.InitialCellStateGrad, reference.InitialCellStateGrad);
        var theirs = reference.ParameterGrads.ToDictionary(p => p.Name, p => p.Gradient, StringComparer.Ordinal);
        var names = candidate.ParameterGrads.Select(p => p.Name).ToList();
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(theirs.Keys.Order(StringComparer.Ordinal)))
        {
            throw new ArgumentException(
                $"candidate: expected the parameters [{string.Join(", ", theirs.Keys)}], got [{string.Join(", ", names)}]", nameof(candidate));
        }

        foreach (var (name, gradient) in candidate.ParameterGrads)
        {
            Add(name, ParityKind.Gradient, gradient, theirs[name]);
        }

        return new ParityReport(typeof(T) == typeof(float) ? "float32" : "float64", tolerance, entries);
    }

    /// <summary>
    /// A fixed-width table, one row per tensor, then a verdict line, e.g.
    /// <c>PASSED (float64): worst output abs error 2.2e-16 (bar 1e-10), worst gradient relative error 4.1e-16 (bar 1e-08)</c>.
    /// </summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        int width = Math.Max("tensor".Length, Entries.Max(e => e.Name.Length));
        int shapeWidth = Math.Max("shape".Length, Entries.Max(e => e.Shape.Length));
        var text = new StringBuilder();
        text.AppendLine(c, $"{"tensor".PadRight(width)}  {"kind",-8}  {"shape".PadRight(shapeWidth)}  {"max abs err",11}  {"max rel err",11}  {"bar",-11}  result");
        foreach (var e in Entries)
        {
            string bar = e.Kind == ParityKind.Output
                ? string.Create(c, $"abs < {Tolerance.OutputAbsolute:0.#e+0}")
                : string.Create(c, $"rel < {Tolerance.GradientRelative:0.#e+0}");
            text.AppendLine(c,
                $"{e.Name.PadRight(width)}  {(e.Kind == ParityKind.Output ? "output" : "gradient"),-8}  {e.Shape.PadRight(shapeWidth)}  " +
                $"{e.MaxAbsError,11:0.00e+00}  {e.MaxRelativeError,11:0.00e+00}  {bar,-11}  {(e.Passed ? "pass" : "FAIL")}");
        }

        text.Append(c,
            $"{(Passed ? "PASSED" : $"FAILED ({Failures.Count} of {Entries.Count})")} ({Precision}): " +
            $"worst output abs error {WorstOutputAbsError:0.0e+00} (bar {Tolerance.OutputAbsolute:0.#e+0}), " +
            $"worst gradient relative error {WorstGradientRelativeError:0.0e+00} (bar {Tolerance.GradientRelative:0.#e+0})");
        return text.ToString();
    }

    private static ParityEntry Measure<T>(string name, ParityKind kind, Tensor<T> candidate, Tensor<T> reference, ParityTolerance tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> a = candidate.AsSpan();
        ReadOnlySpan<T> b = reference.AsSpan();
        double maxAbs = 0;
        double scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            // In double, so float32 differences are measured without rounding them again; NaN propagates to a fail.
            double x = double.CreateChecked(a[i]);
            double y = double.CreateChecked(b[i]);
            maxAbs = Math.Max(maxAbs, Math.Abs(x - y));
            scale = Math.Max(scale, Math.Abs(y));
        }

        double relative = maxAbs == 0 ? 0 : maxAbs / scale;
        bool passed = kind == ParityKind.Output ? maxAbs < tolerance.OutputAbsolute : relative < tolerance.GradientRelative;
        return new ParityEntry(name, kind, candidate.ShapeString, maxAbs, relative, passed);
    }
}
