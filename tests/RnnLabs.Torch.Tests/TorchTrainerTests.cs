using RnnLabs.Data;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Torch.Tests;

/// <summary>The TorchSharp loop evaluates like the RnnLabs trainer and refuses what it cannot reproduce.</summary>
public sealed class TorchTrainerTests
{
    [Fact]
    public void Evaluate_MatchesTheRnnLabsTrainer_OnTheSameWeights()
    {
        var (model, batches) = Setup();
        using var twin = TorchSequenceModel.From(model);
        using var trainer = new TorchTrainer<float>(twin);
        var ours = new Trainer<float>(model, new MeanSquaredError<float>(), new Adam<float>(model.Parameters()));

        Assert.Equal(ours.Evaluate(batches), trainer.Evaluate(batches), 1e-6);
    }

    [Fact]
    public void Step_BatchWithLengths_IsRefused()
    {
        var (model, batches) = Setup();
        using var twin = TorchSequenceModel.From(model);
        using var trainer = new TorchTrainer<float>(twin);
        var padded = new Batch<float>(batches[0].Input, batches[0].Target, lengths: Enumerable.Repeat(3, 4).ToArray());

        var error = Assert.Throws<NotSupportedException>(() => trainer.Step(padded));

        Assert.Contains("expected full-length batches without a mask, got a batch with lengths", error.Message);
        Assert.Equal(0, trainer.StepCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_ClipNormNotFiniteAndPositive_IsRefused(double clipNorm)
    {
        var (model, _) = Setup();
        using var twin = TorchSequenceModel.From(model);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TorchTrainer<float>(twin, clipNorm: clipNorm));

        Assert.Equal("clipNorm", error.ParamName);
        Assert.Contains($"expected a finite value > 0, got {clipNorm}", error.Message);
    }

    private static (Sequential<float> Model, List<Batch<float>> Batches) Setup()
    {
        var rng = new Rng(21);
        var model = new Sequential<float> { new Gru<float>(new RecurrentOptions(2, 6) { ReturnSequences = false }, rng), new Dense<float>(6, 1, rng) };
        var batches = Enumerable.Range(0, 3).Select(_ => AddingProblem.Batch<float>(6, 4, rng)).Select(b => new Batch<float>(b.Inputs, b.Targets)).ToList();
        return (model, batches);
    }
}
