using RnnLabs.Tensors;

namespace RnnLabs.Tests.Support;

/// <summary>
/// Turns any tensor output y into a scalar loss L = Σ y ⊙ R with a fixed random R, so ∂L/∂y = R:
/// a gradient check then covers every element of y with independent weights.
/// </summary>
internal static class Probe
{
    public static double Dot(Tensor<double> y, Tensor<double> r)
    {
        Assert.True(y.SameShape(r), $"probe shape {r.ShapeString} vs output {y.ShapeString}");
        var a = y.AsSpan();
        var b = r.AsSpan();
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>A probe R ~ U(−1, 1) shaped like <paramref name="like"/>.</summary>
    public static Tensor<double> Weights(Rng rng, Tensor<double> like) => rng.Uniform<double>(-1, 1, like.Shape.ToArray());

    /// <summary>The seeds every gradient check runs over.</summary>
    public static TheoryData<ulong> Seeds => new() { 1UL, 2UL, 3UL, 4UL, 5UL };
}
