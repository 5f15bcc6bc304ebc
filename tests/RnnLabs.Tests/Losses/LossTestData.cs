using RnnLabs.Losses;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Losses;

/// <summary>Inputs shared by the loss tests.</summary>
internal static class LossTestData
{
    /// <summary>The four losses by name, for theories that must hold for each.</summary>
    public static TheoryData<string> LossNames => new() { "mse", "mae", "bce", "ce" };

    /// <summary>A random 0/1 mask with about a third zeros and at least one 1 (element 0).</summary>
    public static Tensor<double> RandomMask(Rng rng, params int[] shape)
    {
        var mask = new Tensor<double>(shape);
        for (int i = 0; i < mask.Length; i++)
        {
            mask.At(i) = i == 0 || rng.NextDouble() > 1.0 / 3 ? 1 : 0;
        }

        return mask;
    }

    /// <summary>
    /// The named loss with a valid prediction and target for <paramref name="positions"/> positions:
    /// elementwise losses get prediction and target <c>[positions]</c>, cross-entropy logits <c>[positions, 3]</c>.
    /// </summary>
    public static (ILoss<double> Loss, Tensor<double> Prediction, Tensor<double> Target) Case(string name, Rng rng, int positions)
    {
        var prediction = rng.Uniform<double>(-2, 2, name == "ce" ? [positions, 3] : [positions]);
        var target = new Tensor<double>(positions);
        for (int i = 0; i < positions; i++)
        {
            target.At(i) = name switch
            {
                "ce" => rng.NextInt(3),
                "bce" => rng.NextDouble(),
                _ => rng.Uniform(-2, 2),
            };
        }

        ILoss<double> loss = name switch
        {
            "mse" => new MeanSquaredError<double>(),
            "mae" => new MeanAbsoluteError<double>(),
            "bce" => new BinaryCrossEntropyWithLogits<double>(),
            _ => new SoftmaxCrossEntropy<double>(),
        };
        return (loss, prediction, target);
    }

    /// <summary>The positions of <paramref name="tensor"/> (first axis) where <paramref name="keep"/> is true.</summary>
    public static Tensor<double> Select(Tensor<double> tensor, bool[] keep)
    {
        int width = tensor.Length / tensor.Size(0);
        var values = Enumerable.Range(0, keep.Length).Where(i => keep[i])
            .SelectMany(i => tensor.ToArray().Skip(i * width).Take(width)).ToArray();
        int[] shape = [values.Length / width, .. tensor.Shape[1..].ToArray()];
        return Tensor<double>.FromArray(values, shape);
    }
}
