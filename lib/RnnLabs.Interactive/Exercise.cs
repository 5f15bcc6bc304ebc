using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Html;
using RnnLabs.Diagnostics;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive;

/// <summary>
/// Checkers for a notebook's exercises. The notebook ships a worked solution in the student's cell (so the
/// notebook runs green in CI, and a broken reference fails the run); the student replaces it with their own code
/// and re-runs the checker, which compares their function with a reference on random inputs drawn from a seeded
/// <see cref="Rng"/>. A pass is the cell's value (a green box); a failure shows a red box with the inputs tried and
/// throws <see cref="CheckFailedException"/>. A function that still throws NotImplementedException fails with a
/// hint instead of a stack trace.
/// </summary>
public static class Exercise
{
    /// <summary>
    /// Compares scalar functions, e.g. a derivative σ′(x) written by hand against the library's, on
    /// <paramref name="samples"/> inputs x ~ U(<paramref name="low"/>, <paramref name="high"/>). An input passes
    /// when |yours − reference| ≤ tolerance · max(1, |reference|).
    /// </summary>
    /// <param name="name">The exercise's name, shown in the verdict.</param>
    /// <param name="student">The student's function.</param>
    /// <param name="reference">The reference.</param>
    /// <param name="low">Lower end of the input range.</param>
    /// <param name="high">Upper end of the input range.</param>
    /// <param name="samples">Number of random inputs.</param>
    /// <param name="tolerance">Relative tolerance (absolute below |reference| = 1).</param>
    /// <param name="seed">Seed of the input draws.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <exception cref="CheckFailedException">The functions disagree, or the student's function throws.</exception>
    public static ExerciseResult Check(
        string name, Func<double, double> student, Func<double, double> reference,
        double low = -4, double high = 4, int samples = 12, double tolerance = 1e-6, ulong seed = 1,
        [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(reference);
        Validate(name, low, high, samples, tolerance);
        var rng = new Rng(seed);
        return Conclude(name, tolerance, line, () => Enumerable.Range(0, samples).Select(_ =>
        {
            double x = rng.Uniform(low, high);
            double expected = reference(x);
            double actual = Student(() => student(x));
            double error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
            return new ExerciseSample($"x = {Html.Number(x, 6)}", Html.Number(actual, 8), Html.Number(expected, 8), error, error <= tolerance);
        }).ToList());
    }

    /// <summary>
    /// Compares tensor functions, e.g. one step of a cell or a Jacobian-vector product, on
    /// <paramref name="samples"/> inputs of shape <paramref name="inputShape"/> with entries ~ U(low, high).
    /// Each gets its own copy of the input. An input passes when the outputs have the same shape and
    /// maxⱼ |yoursⱼ − referenceⱼ| / max(1, |referenceⱼ|) ≤ tolerance.
    /// </summary>
    /// <param name="name">The exercise's name, shown in the verdict.</param>
    /// <param name="student">The student's function.</param>
    /// <param name="reference">The reference.</param>
    /// <param name="inputShape">Shape of the random inputs.</param>
    /// <param name="low">Lower end of the entries' range.</param>
    /// <param name="high">Upper end of the entries' range.</param>
    /// <param name="samples">Number of random inputs.</param>
    /// <param name="tolerance">Relative tolerance per element (absolute below |reference| = 1).</param>
    /// <param name="seed">Seed of the input draws.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <exception cref="CheckFailedException">The functions disagree, or the student's function throws.</exception>
    public static ExerciseResult Check(
        string name, Func<Tensor<double>, Tensor<double>> student, Func<Tensor<double>, Tensor<double>> reference, int[] inputShape,
        double low = -2, double high = 2, int samples = 5, double tolerance = 1e-6, ulong seed = 1,
        [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(inputShape);
        Validate(name, low, high, samples, tolerance);
        var rng = new Rng(seed);
        return Conclude(name, tolerance, line, () => Enumerable.Range(1, samples).Select(k =>
        {
            var x = rng.Uniform<double>(low, high, inputShape);
            var expected = reference(x.Clone());
            var actual = Student(() => student(x.Clone()));
            string input = $"x #{k} {x.ShapeString}";
            if (!actual.SameShape(expected))
            {
                return new ExerciseSample(input, $"shape {actual.ShapeString}", $"shape {expected.ShapeString}", double.PositiveInfinity, false);
            }

            var (error, at) = WorstElement(actual.AsSpan(), expected.AsSpan());
            return new ExerciseSample(
                input, $"{Html.Number(actual.At(at), 8)} at [{at}]", Html.Number(expected.At(at), 8), error, error <= tolerance);
        }).ToList());
    }

    /// <summary>
    /// Checks a hand-derived gradient ∂f/∂x against central differences of <paramref name="function"/> itself
    /// (<see cref="GradCheck"/>), on <paramref name="samples"/> inputs x of shape <paramref name="inputShape"/>
    /// with entries ~ U(low, high). An input passes when ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) ≤ tolerance.
    /// </summary>
    /// <param name="name">The exercise's name, shown in the verdict.</param>
    /// <param name="function">The scalar function f(x); it must only read x.</param>
    /// <param name="studentGradient">The student's ∂f/∂x, same shape as x.</param>
    /// <param name="inputShape">Shape of x.</param>
    /// <param name="low">Lower end of the entries' range.</param>
    /// <param name="high">Upper end of the entries' range.</param>
    /// <param name="samples">Number of random inputs.</param>
    /// <param name="tolerance">Bar on the relative error (the library's gradient-check bar by default).</param>
    /// <param name="seed">Seed of the input draws.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <exception cref="CheckFailedException">The gradient disagrees with the finite differences, or the student's function throws.</exception>
    public static ExerciseResult CheckGradient(
        string name, Func<Tensor<double>, double> function, Func<Tensor<double>, Tensor<double>> studentGradient, int[] inputShape,
        double low = -2, double high = 2, int samples = 3, double tolerance = GradCheck.DefaultTolerance, ulong seed = 1,
        [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(studentGradient);
        ArgumentNullException.ThrowIfNull(inputShape);
        Validate(name, low, high, samples, tolerance);
        var rng = new Rng(seed);
        return Conclude(name, tolerance, line, () => Enumerable.Range(1, samples).Select(k =>
        {
            var x = rng.Uniform<double>(low, high, inputShape);
            var gradient = Student(() => studentGradient(x.Clone()));
            string input = $"x #{k} {x.ShapeString}";
            if (!gradient.SameShape(x))
            {
                return new ExerciseSample(input, $"shape {gradient.ShapeString}", $"shape {x.ShapeString}", double.PositiveInfinity, false);
            }

            var entry = GradCheck.Compare(() => function(x), [("x", x, gradient)]).Entries[0];
            return new ExerciseSample(
                input, $"‖a − n‖ {Html.Scientific(entry.MaxAbsDifference)} max", "central differences", entry.RelativeError, entry.RelativeError <= tolerance);
        }).ToList());
    }

    /// <summary>Runs the comparisons; shows and throws on failure, returns the result on success.</summary>
    private static ExerciseResult Conclude(string name, double tolerance, int line, Func<List<ExerciseSample>> run)
    {
        ExerciseResult result;
        try
        {
            result = new ExerciseResult(name, tolerance, run(), null);
        }
        catch (StudentCodeException e) when (e.InnerException is NotImplementedException)
        {
            result = new ExerciseResult(name, tolerance, [], "not implemented yet: replace the `throw new NotImplementedException()` with your code");
        }
        catch (StudentCodeException e)
        {
            result = new ExerciseResult(name, tolerance, [], $"your function threw {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
        }

        if (!result.Passed)
        {
            KernelOutput.TryDisplay(new HtmlString(result.ToHtml()), NotebookFormatters.HtmlMimeType);
            throw new CheckFailedException(result.Summary, line);
        }

        return result;
    }

    /// <summary>
    /// Calls the student's code, marking what it throws as theirs: an exception from the reference is a bug in the
    /// notebook and must surface as itself.
    /// </summary>
    private static TResult Student<TResult>(Func<TResult> call)
    {
        try
        {
            return call();
        }
        catch (Exception e)
        {
            throw new StudentCodeException(e);
        }
    }

    /// <summary>Largest |a − r| / max(1, |r|) and its flat index.</summary>
    private static (double Error, int Index) WorstElement(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        double worst = 0;
        int at = 0;
        for (int j = 0; j < actual.Length; j++)
        {
            double error = Math.Abs(actual[j] - expected[j]) / Math.Max(1, Math.Abs(expected[j]));
            if (!(error <= worst))
            {
                worst = double.IsNaN(error) ? double.PositiveInfinity : error;
                at = j;
            }
        }

        return (worst, at);
    }

    private static void Validate(string name, double low, double high, int samples, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!(low < high))
        {
            throw new ArgumentException($"Exercise '{name}' range: expected low < high, got [{low}, {high}]", nameof(low));
        }

        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"Exercise '{name}' samples: expected ≥ 1, got {samples}");
        }

        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"Exercise '{name}' tolerance: expected ≥ 0, got {tolerance}");
        }
    }

    /// <summary>Carries an exception thrown by the student's function to <see cref="Conclude"/>.</summary>
    private sealed class StudentCodeException(Exception inner) : Exception(inner.Message, inner);
}
