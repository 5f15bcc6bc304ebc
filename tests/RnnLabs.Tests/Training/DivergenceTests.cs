using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class DivergenceTests
{
    private static (TrainingDivergedException Error, LinearModel Model, RecordingCallback Recorder) Run(
        MseLoss loss, double lr, TrainerOptions? options = null)
    {
        var (x, y) = LinearData.Make(new Rng(5), 64, 3, 1, 0.1);
        var model = new LinearModel();
        var recorder = new RecordingCallback(model);
        var sgd = new Sgd(model.NamedParameters().Select(p => p.Parameter), lr);
        var trainer = new Trainer<double>(model, loss, sgd, options ?? new TrainerOptions { Epochs = 100 }, [recorder]);
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(_ => LinearData.Batches(x, y, 8)));
        return (error, model, recorder);
    }

    [Fact]
    public void NaNGradient_ThrowsNamingStepEpochAndParameter()
    {
        var (error, _, _) = Run(new FaultyLoss(badCall: 11, nanValue: false), lr: 0.1);

        Assert.Equal(11, error.Step);
        Assert.Equal(2, error.Epoch);
        Assert.Equal(["weight", "bias"], error.Culprits);
        Assert.Contains("step 11 (epoch 2)", error.Message);
        Assert.Contains("'weight' (NaN at flat index 0 of [1])", error.Message);
        Assert.Contains("TrainerOptions.ClipNorm", error.Message);
        Assert.Contains("lower learning rate", error.Message);
    }

    [Fact]
    public void NaNGradient_LeavesParametersAsBeforeTheBadStep()
    {
        var (error, model, recorder) = Run(new FaultyLoss(badCall: 11, nanValue: false), lr: 0.1);

        Assert.Equal(10, recorder.AfterStep.Count);
        Assert.Equal(recorder.AfterStep[^1], model.Snapshot());
        Assert.Equal(10, error.History.Steps.Count);
    }

    [Fact]
    public void OverflowingOutput_ThrowsDivergedNamingTheOutput_NotALossArgumentError()
    {
        // Finite weights whose product overflows: the forward pass itself explodes.
        var dense = new RnnLabs.Layers.Dense<double>(2, 1, new Rng(1));
        dense.NamedParameters().First(p => p.Name == "weight").Parameter.Value.AsSpan().Fill(1e308);
        var trainer = new Trainer<double>(dense, new RnnLabs.Losses.MeanSquaredError<double>(),
            new RnnLabs.Optim.Sgd<double>(dense.NamedParameters().Select(p => p.Parameter)));
        var batch = new Batch<double>(Tensor<double>.Full(10.0, 4, 2), new Tensor<double>(4, 1));

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(_ => [batch]));

        Assert.Equal(["output"], error.Culprits);
        Assert.Contains("step 1 (epoch 1): the model's output is not finite", error.Message);
        Assert.Contains("exploding forward pass", error.Message);
    }

    [Fact]
    public void NaNLoss_ThrowsNamingTheLoss()
    {
        var (error, _, _) = Run(new FaultyLoss(badCall: 3, nanValue: true), lr: 0.1);

        Assert.Equal(["loss"], error.Culprits);
        Assert.Contains("step 3 (epoch 1): the loss is NaN", error.Message);
    }

    [Fact]
    public void HugeLearningRate_ThrowsBeforeTheBadUpdateAndSuggestsClipping()
    {
        var (error, model, recorder) = Run(new MseLoss(), lr: 1e6);

        Assert.True(error.Step > 1, $"step {error.Step}");
        Assert.Equal(error.Step - 1, recorder.AfterStep.Count);
        Assert.Equal(recorder.AfterStep[^1], model.Snapshot());
        Assert.Contains($"step {error.Step}", error.Message);
        Assert.Contains("gradient clipping (TrainerOptions.ClipNorm", error.Message);
        Assert.Contains("this step used 1E+06", error.Message);
    }

    [Fact]
    public void WithClipNormSet_SuggestsASmallerThreshold()
    {
        var (error, _, _) = Run(new FaultyLoss(badCall: 2, nanValue: false), lr: 0.1, new TrainerOptions { ClipNorm = 5 });

        Assert.Contains("smaller gradient clipping threshold (TrainerOptions.ClipNorm, now 5", error.Message);
    }
}
