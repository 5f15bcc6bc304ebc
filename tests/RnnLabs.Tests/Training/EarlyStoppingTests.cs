using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class EarlyStoppingTests
{
    // Training data follow y = 2x, validation data y = x: starting from w = 0, gradient descent moves w
    // steadily towards 2, so the validation loss falls until w passes 1 and rises after. One full batch per epoch.
    private static readonly double[] Xs = Enumerable.Range(-10, 21).Select(i => i / 10.0).ToArray();

    private static List<Batch<double>> Data(double slope) =>
        LinearData.Batches(Xs, Xs.Select(x => slope * x).ToArray(), Xs.Length);

    private static (TrainingHistory History, LinearModel Model, RecordingCallback Recorder) Run(EarlyStopping<double> stopper)
    {
        var model = new LinearModel();
        var recorder = new RecordingCallback(model);
        var sgd = new Sgd(model.NamedParameters().Select(p => p.Parameter), 0.05);
        var trainer = new Trainer<double>(model, new MseLoss(), sgd, new TrainerOptions { Epochs = 200 }, [recorder, stopper]);
        var history = trainer.Fit(_ => Data(2), Data(1));
        return (history, model, recorder);
    }

    private static int BestIndex(TrainingHistory history)
    {
        var losses = history.Validations.Select(v => v.Loss).ToList();
        return losses.IndexOf(losses.Min());
    }

    [Fact]
    public void ValidationLossStopsImproving_StopsAfterPatienceValidations()
    {
        var (history, _, _) = Run(new EarlyStopping<double>(patience: 3));

        Assert.True(history.StoppedEarly);
        Assert.Contains("early stopping", history.StopReason);
        Assert.InRange(BestIndex(history), 5, 150);
        Assert.Equal(BestIndex(history) + 1 + 3, history.Validations.Count);
    }

    [Fact]
    public void RestoreBestWeights_PutsBackTheValuesOfTheBestValidation()
    {
        var stopper = new EarlyStopping<double>(patience: 3);

        var (history, model, recorder) = Run(stopper);

        Assert.Equal(recorder.AtValidation[BestIndex(history)], model.Snapshot());
        Assert.NotEqual(recorder.AtValidation[^1], model.Snapshot());
        Assert.True(stopper.Restored);
        Assert.Equal(history.Validations.Min(v => v.Loss), stopper.BestLoss);
    }

    [Fact]
    public void WithoutRestore_KeepsTheLastWeights()
    {
        var (_, model, recorder) = Run(new EarlyStopping<double>(patience: 3, restoreBestWeights: false));

        Assert.Equal(recorder.AfterStep[^1], model.Snapshot());
    }

    [Fact]
    public void MinDelta_SmallImprovementsCountAsNone()
    {
        var (history, _, _) = Run(new EarlyStopping<double>(patience: 2, minDelta: 1e9));

        Assert.Equal(1 + 2, history.Validations.Count);
    }

    [Fact]
    public void Constructor_ZeroPatience_NamesArgumentAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping<double>(patience: 0));

        Assert.Equal("patience", ex.ParamName);
        Assert.Contains("got 0", ex.Message);
    }
}
