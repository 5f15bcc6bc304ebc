using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

/// <summary>Fit turns result-buffer reuse on for the model's recurrent layers while it runs, and restores the setting.</summary>
public class TrainerResultBufferTests
{
    [Fact]
    public void Fit_ReusesResultBuffersOfRecurrentLayersInNestedSequentials_OnlyWhileItRuns()
    {
        var rng = new Rng(60);
        var lstm = new Lstm<double>(new RecurrentOptions(2, 3), rng);
        var rnn = new Rnn<double>(new RecurrentOptions(3, 1), rng) { ReuseResultBuffers = true };
        var model = new Sequential<double>(lstm, new Sequential<double>(rnn));
        var seen = new List<(bool Lstm, bool Rnn)>();
        var callback = new StepProbe(() => seen.Add((lstm.ReuseResultBuffers, rnn.ReuseResultBuffers)));
        var trainer = new Trainer<double>(model, new MseLoss(), new Sgd(model.Parameters(), 0.1),
            new TrainerOptions { Epochs = 2 }, [callback]);
        var batch = new Batch<double>(rng.Uniform<double>(-1, 1, 4, 2, 2), rng.Uniform<double>(-1, 1, 4, 2, 1));

        trainer.Fit(_ => [batch, batch]);

        Assert.Equal(Enumerable.Repeat((true, true), 4), seen);
        Assert.False(lstm.ReuseResultBuffers);
        Assert.True(rnn.ReuseResultBuffers);
    }

    [Fact]
    public void Fit_ThatThrows_StillRestoresTheSetting()
    {
        var rng = new Rng(61);
        var lstm = new Lstm<double>(new RecurrentOptions(2, 1), rng);
        var trainer = new Trainer<double>(lstm, new FaultyLoss(badCall: 1, nanValue: true), new Sgd(lstm.Parameters(), 0.1));
        var batch = new Batch<double>(rng.Uniform<double>(-1, 1, 4, 2, 2), rng.Uniform<double>(-1, 1, 4, 2, 1));

        Assert.Throws<TrainingDivergedException>(() => trainer.Fit(_ => [batch]));
        Assert.False(lstm.ReuseResultBuffers);
    }

    private sealed class StepProbe(Action onStep) : ITrainerCallback<double>
    {
        public void OnStepEnd(TrainerContext<double> context) => onStep();
    }
}
