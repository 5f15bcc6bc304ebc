using System.Runtime.CompilerServices;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive.Tests;

public class ExerciseTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double SigmoidPrime(double z) => Sigmoid(z) * (1 - Sigmoid(z));

    [Fact]
    public void Check_AgreeingFunctions_PassesOnEverySample()
    {
        var result = Exercise.Check("σ′", z => Sigmoid(z) * (1 - Sigmoid(z)), SigmoidPrime, samples: 10);

        Assert.True(result.Passed);
        Assert.Equal(10, result.Samples.Count);
        Assert.Contains("all 10 random inputs agree", result.Summary);
        Assert.Contains(Html.PassBackground, result.ToHtml());
    }

    [Fact]
    public void Check_WrongStudent_ThrowsNamingTheFirstDisagreementAndTheLine()
    {
        var (e, line) = (Assert.Throws<CheckFailedException>(() => Exercise.Check("σ′", _ => 0.25, SigmoidPrime)), Line());

        Assert.StartsWith($"check failed at cell line {line}: exercise 'σ′': ", e.Message);
        Assert.Contains("random inputs disagree with the reference; first at x = ", e.Message);
        Assert.Contains("yours 0.25, reference ", e.Message);
    }

    [Fact]
    public void Check_StudentNotImplemented_FailsWithAHint()
    {
        var e = Assert.Throws<CheckFailedException>(() => Exercise.Check("σ′", _ => throw new NotImplementedException(), SigmoidPrime));

        Assert.Contains("exercise 'σ′': not implemented yet", e.Message);
    }

    [Fact]
    public void Check_StudentThrows_FailsNamingTheException()
    {
        var e = Assert.Throws<CheckFailedException>(() => Exercise.Check("σ′", _ => throw new InvalidOperationException("oops"), SigmoidPrime));

        Assert.Contains("your function threw InvalidOperationException: oops", e.Message);
    }

    [Fact]
    public void Check_ReferenceThrows_PropagatesTheReferencesException()
    {
        Assert.Throws<DivideByZeroException>(() => Exercise.Check("σ′", SigmoidPrime, _ => throw new DivideByZeroException()));
    }

    [Fact]
    public void Check_SameSeed_DrawsTheSameInputs()
    {
        var a = Exercise.Check("σ′", SigmoidPrime, SigmoidPrime, seed: 5);
        var b = Exercise.Check("σ′", SigmoidPrime, SigmoidPrime, seed: 5);

        Assert.Equal(a.Samples.Select(s => s.Input), b.Samples.Select(s => s.Input));
    }

    [Fact]
    public void Check_BadRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Exercise.Check("σ′", SigmoidPrime, SigmoidPrime, low: 1, high: 1));

        Assert.Equal("low", e.ParamName);
        Assert.Contains("got [1, 1]", e.Message);
    }

    [Fact]
    public void CheckTensor_WrongShape_Fails()
    {
        static Tensor<double> Tanh(Tensor<double> x)
        {
            var y = x.Clone();
            foreach (ref double v in y.AsSpan())
            {
                v = Math.Tanh(v);
            }

            return y;
        }

        var pass = Exercise.Check("tanh", Tanh, Tanh, [2, 3]);
        var e = Assert.Throws<CheckFailedException>(() => Exercise.Check("tanh", x => x.Reshape(6), Tanh, [2, 3]));

        Assert.True(pass.Passed);
        Assert.Contains("yours shape [6], reference shape [2, 3]", e.Message);
    }

    [Fact]
    public void CheckGradient_CorrectGradient_Passes_WrongOneFails()
    {
        // f(x) = Σ xᵢ² sin xᵢ, ∂f/∂xᵢ = 2xᵢ sin xᵢ + xᵢ² cos xᵢ.
        static double F(Tensor<double> x)
        {
            double sum = 0;
            foreach (double v in x.AsSpan())
            {
                sum += v * v * Math.Sin(v);
            }

            return sum;
        }

        static Tensor<double> Gradient(Tensor<double> x, bool forgetCos)
        {
            var g = x.Clone();
            foreach (ref double v in g.AsSpan())
            {
                v = 2 * v * Math.Sin(v) + (forgetCos ? 0 : v * v * Math.Cos(v));
            }

            return g;
        }

        var pass = Exercise.CheckGradient("∂f/∂x", F, x => Gradient(x, false), [3, 2]);
        var e = Assert.Throws<CheckFailedException>(() => Exercise.CheckGradient("∂f/∂x", F, x => Gradient(x, true), [3, 2]));

        Assert.True(pass.Passed);
        Assert.All(pass.Samples, s => Assert.True(s.Error < 1e-8, s.ToString()));
        Assert.Contains("exercise '∂f/∂x': 3 of 3 random inputs disagree", e.Message);
    }

    [Fact]
    public void FailedResult_Html_IsRedAndListsEveryInput()
    {
        var result = new ExerciseResult("σ′", 1e-6,
            [new ExerciseSample("x = 1", "0.25", "0.1966", 0.05, false), new ExerciseSample("x = 0", "0.25", "0.25", 0, true)], null);

        string html = result.ToHtml();

        Assert.False(result.Passed);
        Assert.Contains(Html.FailBackground, html);
        Assert.Contains("x = 1", html);
        Assert.Contains("x = 0", html);
        Assert.Contains("1 of 2 random inputs disagree", html);
    }

    private static int Line([CallerLineNumber] int line = 0) => line;
}
