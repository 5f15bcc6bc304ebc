using RnnLabs.Data;
using RnnLabs.Init;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Learning;

/// <summary>
/// One training run on the adding problem at the settings: T = 100, H = 32, batch 32, Adam at a
/// constant lr 1e-2, clip by global norm 1, LSTM forget-gate bias 1, at most 1,500 updates, float32.
/// "Forget-gate bias 1" is read the way PyTorch code sets it (and the reference PyTorch run did): 1 in the
/// forget block of both b_ih and b_hh, so the gate's total bias is 2. With a total of exactly 1 the LSTM
/// left the 1/6 plateau within 1,500 updates on only 2 of 4 seeds tried.
/// The test MSE is measured every 100 updates on 1,000 held-out sequences.
/// </summary>
internal static class AddingProblemRun
{
    public const int Length = 100;
    public const int Hidden = 32;
    public const int BatchSize = 32;
    public const int Updates = 1500;
    public const double ForgetBiasTotal = 2.0;

    public static (double BestTestMse, int? SolvedAt, TrainingHistory History) Train(bool lstm, ulong seed, double? solvedBelow)
    {
        var rng = new Rng(seed);
        var options = new RecurrentOptions(2, Hidden) { ReturnSequences = false };
        RecurrentLayer<float> recurrent = lstm ? new Lstm<float>(options, rng) : new Rnn<float>(options, rng);
        if (lstm)
        {
            var cell = recurrent.Cells[0];
            Initializers.LstmForgetGateBias(cell.BiasIh, cell.BiasHh, Hidden, ForgetBiasTotal);
        }

        var model = new Sequential<float> { recurrent, new Dense<float>(Hidden, 1, rng) };
        var optimizer = new Adam<float>(model.Parameters(), new AdamOptions(LearningRate: 1e-2));
        var stop = solvedBelow is double target ? new StopWhenValidationBelow<float>(target) : null;
        var trainer = new Trainer<float>(model, new MeanSquaredError<float>(), optimizer,
            new TrainerOptions { Epochs = 1, MaxSteps = Updates, ClipNorm = 1.0, ValidateEverySteps = 100 },
            stop is null ? [] : [stop]);

        var dataRng = rng.Fork();
        var testRng = new Rng(seed + 1_000_000);
        var test = Enumerable.Range(0, 4).Select(_ => ToBatch(AddingProblem.Batch<float>(Length, 250, testRng))).ToList();
        var history = trainer.Fit(
            _ => Enumerable.Range(0, Updates).Select(_ => ToBatch(AddingProblem.Batch<float>(Length, BatchSize, dataRng))),
            test);
        return (history.ValidationLoss.Min(v => v.Value), stop?.ReachedAtStep, history);
    }

    private static Batch<float> ToBatch((Tensor<float> Inputs, Tensor<float> Targets) data) => new(data.Inputs, data.Targets);
}
