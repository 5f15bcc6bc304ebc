using RnnLabs.Data;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Learning;

public class DeterminismTests
{
    private static double[] LossHistory(ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential<float>
        {
            new Lstm<float>(new RecurrentOptions(2, 8) { NumLayers = 2, Dropout = 0.2, ReturnSequences = false }, rng),
            new Dense<float>(8, 1, rng),
        };
        var trainer = new Trainer<float>(model, new MeanSquaredError<float>(), new Adam<float>(model.Parameters()),
            new TrainerOptions { Epochs = 2, ClipNorm = 1.0 });
        var dataRng = rng.Fork();
        var history = trainer.Fit(_ => Enumerable.Range(0, 10).Select(_ =>
        {
            var (x, y) = AddingProblem.Batch<float>(20, 16, dataRng);
            return new Batch<float>(x, y);
        }).ToList());
        return history.TrainLoss.Select(s => s.Value).ToArray();
    }

    [Fact]
    public void Training_SameSeed_GivesBitIdenticalLossHistories()
    {
        var first = LossHistory(7);
        var second = LossHistory(7);
        Assert.Equal(20, first.Length);
        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Training_DifferentSeed_GivesDifferentLossHistories()
    {
        Assert.NotEqual(LossHistory(7), LossHistory(8));
    }
}
