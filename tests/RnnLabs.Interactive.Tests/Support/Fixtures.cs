using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Interactive.Tests.Support;

/// <summary>Real library objects for the formatters and charts to draw, made through the public API.</summary>
internal static class Fixtures
{
    /// <summary>A short real training run: a Dense regression, 3 epochs of 4 batches, validated every epoch.</summary>
    public static TrainingHistory History(IProgress<TrainingProgress>? progress = null)
    {
        var rng = new Rng(7);
        var model = new Dense<double>(3, 1, rng);
        var batches = Enumerable.Range(0, 4).Select(_ => Batch(rng)).ToList();
        var validation = new[] { Batch(rng) };
        var trainer = new Trainer<double>(
            model, new MeanSquaredError<double>(), new Sgd<double>(model.Parameters(), new SgdOptions(LearningRate: 0.05)),
            new TrainerOptions { Epochs = 3, ReportInterval = 2 }, progress: progress);
        return trainer.Fit(_ => batches, validation);
    }

    /// <summary>A progress report at <paramref name="step"/> of <paramref name="total"/>.</summary>
    public static TrainingProgress Progress(int step, int total = 10, bool isFinal = false) =>
        new(1, 2, step, total, 1.0 / step, step > 5 ? 0.5 : null, 0.01,
            TimeSpan.FromSeconds(step), TimeSpan.FromSeconds(total - step), isFinal);

    private static Batch<double> Batch(Rng rng)
    {
        var x = rng.Normal<double>(0, 1, 8, 3);
        var y = new Tensor<double>(8, 1);
        for (int i = 0; i < 8; i++)
        {
            y[i, 0] = 2 * x[i, 0] - x[i, 1] + 0.5 * x[i, 2];
        }

        return new Batch<double>(x, y);
    }
}
