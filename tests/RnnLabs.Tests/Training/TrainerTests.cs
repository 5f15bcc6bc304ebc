using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class TrainerTests
{
    private static (LinearModel Model, Sgd Sgd, Trainer<double> Trainer) Setup(
        TrainerOptions options, double lr = 0.1, IEnumerable<ITrainerCallback<double>>? callbacks = null, LinearModel? model = null)
    {
        model ??= new LinearModel();
        var sgd = new Sgd(model.NamedParameters().Select(p => p.Parameter), lr);
        return (model, sgd, new Trainer<double>(model, new MseLoss(), sgd, options, callbacks));
    }

    [Fact]
    public void Fit_LinearRegression_RecoversWeightAndBias()
    {
        var rng = new Rng(42);
        var (x, y) = LinearData.Make(rng, 256, w: 3, b: -0.5, noise: 0.01);
        var (model, _, trainer) = Setup(new TrainerOptions { Epochs = 40 });

        trainer.Fit(LinearData.Shuffled(rng, x, y, 32));

        Assert.True(Math.Abs(model.W - 3) < 0.01 && Math.Abs(model.B + 0.5) < 0.01, $"w = {model.W}, b = {model.B}");
    }

    [Fact]
    public void Fit_LinearRegression_ReducesEpochLossHundredfold()
    {
        var rng = new Rng(42);
        var (x, y) = LinearData.Make(rng, 256, w: 3, b: -0.5, noise: 0.01);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 40 });

        var history = trainer.Fit(LinearData.Shuffled(rng, x, y, 32));

        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss / 100, history.ToText());
    }

    [Fact]
    public void Fit_HistoryLengths_EqualStepEpochAndValidationCounts()
    {
        var rng = new Rng(1);
        var (x, y) = LinearData.Make(rng, 64, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 3 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8), LinearData.Batches(x, y, 64));

        Assert.Equal(Enumerable.Range(1, 24), history.Steps.Select(s => s.Step));
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.Equal([8, 16, 24], history.Epochs.Select(e => e.LastStep));
        Assert.Equal([8, 16, 24], history.Validations.Select(v => v.Step));
        Assert.Equal(24, history.TrainLoss.Length);
        Assert.False(history.StoppedEarly);
    }

    [Fact]
    public void Fit_EpochTrainLoss_IsMeanWeightedByBatchSize()
    {
        var (x, y) = LinearData.Make(new Rng(2), 10, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 1 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 4));

        var losses = history.Steps.Select(s => s.Loss).ToArray();
        double expected = (losses[0] * 4 + losses[1] * 4 + losses[2] * 2) / 10;
        Assert.True(Math.Abs(history.Epochs[0].TrainLoss - expected) < 1e-12, $"{history.Epochs[0].TrainLoss} vs {expected}");
    }

    [Fact]
    public void Fit_LearningRateSchedule_IsAppliedAndRecordedPerStep()
    {
        var (x, y) = LinearData.Make(new Rng(3), 32, 1, 0, 0.1);
        var (_, sgd, trainer) = Setup(new TrainerOptions { Epochs = 2, LearningRateSchedule = s => 0.2 / (1 + s) });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8));

        var expected = Enumerable.Range(0, 8).Select(s => 0.2 / (1 + s)).ToArray();
        Assert.Equal(expected, history.LearningRate.Select(p => p.Value));
        Assert.Equal(expected, sgd.UsedRates);
    }

    [Fact]
    public void Fit_MaxStepsInsideEpoch_StopsThereAndMarksStoppedEarly()
    {
        var (x, y) = LinearData.Make(new Rng(4), 64, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 5, MaxSteps = 20 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8));

        Assert.Equal(20, history.Steps.Count);
        Assert.Equal([8, 8, 4], history.Epochs.Select(e => e.Steps));
        Assert.True(history.StoppedEarly);
        Assert.Contains("MaxSteps (20)", history.StopReason);
    }

    [Fact]
    public void Fit_MaxStepsEqualToAllSteps_IsANormalEnd()
    {
        var (x, y) = LinearData.Make(new Rng(4), 64, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 2, MaxSteps = 16 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8));

        Assert.Equal(16, history.Steps.Count);
        Assert.False(history.StoppedEarly, history.StopReason);
    }

    [Fact]
    public void Fit_ValidateEverySteps_ValidatesAtMultiplesOfTheInterval()
    {
        var (x, y) = LinearData.Make(new Rng(5), 64, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 2, ValidateEverySteps = 5 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8), LinearData.Batches(x, y, 64));

        Assert.Equal([5, 10, 15], history.Validations.Select(v => v.Step));
    }

    [Fact]
    public void Fit_CallbackRequestsStop_StopsAfterThatEpochWithItsReason()
    {
        var (x, y) = LinearData.Make(new Rng(6), 32, 1, 0, 0.1);
        var model = new LinearModel();
        var stopper = new RecordingCallback(model) { EpochAction = c => { if (c.Epoch == 2) c.RequestStop("enough"); } };
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 10 }, callbacks: [stopper], model: model);

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8));

        Assert.Equal(2, history.Epochs.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal("enough", history.StopReason);
    }

    [Fact]
    public void Fit_ClipNorm_RecordsPreClipNormAndMovesByClippedGradient()
    {
        var batch = new Batch<double>(Tensor<double>.FromArray([1.0, 2.0], 2, 1), Tensor<double>.FromArray([10.0, 20.0], 2, 1));
        var (model, _, trainer) = Setup(new TrainerOptions { ClipNorm = 1 }, lr: 0.1);

        var history = trainer.Fit(_ => [batch]);

        // From w = b = 0: e = ŷ − y = (−10, −20); ∂L/∂w = (2/2)·Σ e·x = −50; ∂L/∂b = (2/2)·Σ e = −30.
        double gw = -10 * 1 + -20 * 2, gb = -10 + -20;
        double norm = Math.Sqrt(gw * gw + gb * gb);
        Assert.True(Math.Abs(history.Steps[0].GradNorm - norm) < 1e-12, $"norm {history.Steps[0].GradNorm} vs {norm}");
        Assert.True(Math.Abs(model.W - -0.1 * gw / (norm + 1e-6)) < 1e-12, $"w = {model.W}");
        Assert.True(Math.Abs(model.B - -0.1 * gb / (norm + 1e-6)) < 1e-12, $"b = {model.B}");
    }

    [Fact]
    public void Fit_ClipNormAboveGradientNorm_LeavesGradientUnchanged()
    {
        var batch = new Batch<double>(Tensor<double>.FromArray([1.0, 2.0], 2, 1), Tensor<double>.FromArray([10.0, 20.0], 2, 1));
        var (model, _, trainer) = Setup(new TrainerOptions { ClipNorm = 100 }, lr: 0.1);

        trainer.Fit(_ => [batch]);

        Assert.True(Math.Abs(model.W - 5) < 1e-12 && Math.Abs(model.B - 3) < 1e-12, $"w = {model.W}, b = {model.B}");
    }

    [Fact]
    public void Fit_SameSeeds_GiveBitIdenticalHistories()
    {
        TrainingHistory Run()
        {
            var rng = new Rng(11);
            var (x, y) = LinearData.Make(rng, 100, 2, 1, 0.3);
            var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 5, ClipNorm = 0.5, LearningRateSchedule = s => 0.3 / (1 + 0.1 * s) });
            return trainer.Fit(LinearData.Shuffled(rng, x, y, 16), LinearData.Batches(x, y, 30));
        }

        var a = Run();
        var b = Run();

        static long[] Bits((int, double Value)[] series) => series.Select(p => BitConverter.DoubleToInt64Bits(p.Value)).ToArray();
        Assert.Equal(Bits(a.TrainLoss), Bits(b.TrainLoss));
        Assert.Equal(Bits(a.GradNorm), Bits(b.GradNorm));
        Assert.Equal(Bits(a.ValidationLoss), Bits(b.ValidationLoss));
    }

    [Fact]
    public void Fit_CancelledDuringTraining_StopsCleanlyAfterTheCurrentStep()
    {
        var (x, y) = LinearData.Make(new Rng(7), 64, 1, 0, 0.1);
        using var cts = new CancellationTokenSource();
        var model = new LinearModel();
        var recorder = new RecordingCallback(model) { StepAction = c => { if (c.Step == 5) cts.Cancel(); } };
        var (_, _, trainer) = Setup(new TrainerOptions { Epochs = 3 }, callbacks: [recorder], model: model);

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8), cancellationToken: cts.Token);

        Assert.Equal(5, history.Steps.Count);
        Assert.Equal(5, history.Epochs.Single().Steps);
        Assert.True(history.StoppedEarly);
        Assert.Contains("cancelled after step 5", history.StopReason);
        Assert.Equal(recorder.AfterStep[^1], model.Snapshot());
        Assert.True(recorder.Ended);
    }

    [Fact]
    public void Fit_CancelledBeforeStart_RunsNoStep()
    {
        var (x, y) = LinearData.Make(new Rng(7), 16, 1, 0, 0.1);
        var (model, _, trainer) = Setup(new TrainerOptions { Epochs = 3 });

        var history = trainer.Fit(_ => LinearData.Batches(x, y, 8), cancellationToken: new CancellationToken(canceled: true));

        Assert.Empty(history.Steps);
        Assert.Empty(history.Epochs);
        Assert.Equal((0.0, 0.0), model.Snapshot());
    }

    [Fact]
    public void Fit_UsesTrainingTrue_EvaluateUsesTrainingFalse()
    {
        var (x, y) = LinearData.Make(new Rng(8), 16, 1, 0, 0.1);
        var (model, _, trainer) = Setup(new TrainerOptions { Epochs = 1 });

        trainer.Fit(_ => LinearData.Batches(x, y, 8), LinearData.Batches(x, y, 16));

        Assert.Equal([true, true, false], model.TrainingFlags);
    }

    [Fact]
    public void Evaluate_WeightsBatchesByCountedElements()
    {
        var (model, _, trainer) = Setup(new TrainerOptions(), model: new LinearModel(w: 1, b: 0));
        var masked = new Batch<double>(
            Tensor<double>.FromArray([1.0, 2.0, 3.0], 3, 1), Tensor<double>.FromArray([1.0, 1.0, 1.0], 3, 1), Tensor<double>.FromArray([1.0, 1.0, 0.0], 3, 1));
        var single = new Batch<double>(Tensor<double>.FromArray([4.0], 1, 1), Tensor<double>.FromArray([0.0], 1, 1));

        double loss = trainer.Evaluate([masked, single]);

        // ŷ = x: counted squared errors (1−1)², (2−1)² and (4−0)², over 3 counted elements.
        double expected = ((1.0 - 1) * (1.0 - 1) + (2.0 - 1) * (2.0 - 1) + 4.0 * 4.0) / 3;
        Assert.True(Math.Abs(loss - expected) < 1e-12, $"{loss} vs {expected}");
        Assert.Equal(0.0, model.Weight.Grad.At(0));
    }

    [Fact]
    public void Fit_BatchLengths_ArePassedToSequenceModel()
    {
        var model = new LengthRecordingModel();
        var lengths = new[] { 2, 3 };
        var batch = new Batch<double>(new Tensor<double>(3, 2, 1), new Tensor<double>(3, 2, 1), lengths: lengths);
        var (_, _, trainer) = Setup(new TrainerOptions(), model: model);

        trainer.Fit(_ => [batch], [batch]);

        Assert.Equal(2, model.Lengths.Count);
        Assert.All(model.Lengths, l => Assert.Same(lengths, l));
    }

    [Fact]
    public void Fit_BatchLengthsWithNonSequenceModel_NamesTheModel()
    {
        var batch = new Batch<double>(new Tensor<double>(3, 2, 1), new Tensor<double>(3, 2, 1), lengths: [2, 3]);
        var (_, _, trainer) = Setup(new TrainerOptions());

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(_ => [batch]));

        Assert.Equal("trainBatches", ex.ParamName);
        Assert.Contains("ISequenceLayer<Double>", ex.Message);
        Assert.Contains(nameof(LinearModel), ex.Message);
    }

    [Fact]
    public void Fit_EmptyEpoch_NamesTheEpoch()
    {
        var (_, _, trainer) = Setup(new TrainerOptions());

        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(_ => []));

        Assert.Equal("trainBatches", ex.ParamName);
        Assert.Contains("epoch 1", ex.Message);
    }

    [Fact]
    public void Constructor_OptimizerOfAnotherModel_NamesTheParameter()
    {
        var other = new LinearModel();
        var sgd = new Sgd([other.Bias], 0.1);

        var ex = Assert.Throws<ArgumentException>(() => new Trainer<double>(new LinearModel(), new MseLoss(), sgd));

        Assert.Equal("optimizer", ex.ParamName);
        Assert.Contains("'bias' [1]", ex.Message);
    }

    [Fact]
    public void Fit_ScheduleReturningNaN_SaysWhichStep()
    {
        var (x, y) = LinearData.Make(new Rng(9), 16, 1, 0, 0.1);
        var (_, _, trainer) = Setup(new TrainerOptions { LearningRateSchedule = s => s == 1 ? double.NaN : 0.1 });

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(_ => LinearData.Batches(x, y, 8)));

        Assert.Contains("got NaN for optimizer step 1", ex.Message);
    }
}
