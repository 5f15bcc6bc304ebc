using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Data;

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997): a long-memory benchmark. Each sequence has T steps of
/// two features: a value uniform in [0, 1] and a marker that is 1 at exactly two steps (one in each half) and
/// 0 elsewhere. The target is the sum of the two marked values. Always predicting 1 scores MSE 1/6 (the
/// variance of a sum of two U[0, 1]), so a model below that has learned to remember across the sequence.
/// </summary>
public static class AddingProblem
{
    /// <summary>MSE of the constant prediction 1: Var(U₁ + U₂) = 2 · 1/12.</summary>
    public const double BaselineMse = 1.0 / 6.0;

    /// <summary>
    /// A batch of <paramref name="batchSize"/> sequences of length <paramref name="length"/>:
    /// inputs time-major [T, B, 2], targets [B, 1].
    /// </summary>
    public static (Tensor<T> Inputs, Tensor<T> Targets) Batch<T>(int length, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Positive(batchSize, nameof(AddingProblem), nameof(batchSize));
        ArgumentNullException.ThrowIfNull(rng);
        if (length < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"{nameof(AddingProblem)} length: expected at least 2 steps (one marker per half), got {length}");
        }

        var inputs = new Tensor<T>(length, batchSize, 2);
        var targets = new Tensor<T>(batchSize, 1);
        int half = length / 2;
        for (int b = 0; b < batchSize; b++)
        {
            for (int t = 0; t < length; t++)
            {
                inputs[t, b, 0] = T.CreateChecked(rng.NextDouble());
            }

            int first = rng.NextInt(half);
            int second = half + rng.NextInt(length - half);
            inputs[first, b, 1] = T.One;
            inputs[second, b, 1] = T.One;
            targets[b, 0] = inputs[first, b, 0] + inputs[second, b, 0];
        }

        return (inputs, targets);
    }
}
