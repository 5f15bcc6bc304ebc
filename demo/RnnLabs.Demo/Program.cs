// The course's console demo: an LSTM learns the adding problem (remember two marked numbers across a
// sequence and add them) and prints its learning curve. Baseline: always answering 1 scores MSE 1/6.
using System.Globalization;
using RnnLabs.Data;
using RnnLabs.Init;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Training;

const int length = 50, hidden = 32, batchSize = 32, epochs = 8, updatesPerEpoch = 150;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

var rng = new Rng(seed: 1);
var lstm = new Lstm<float>(new RecurrentOptions(InputSize: 2, HiddenSize: hidden) { ReturnSequences = false }, rng);
// Forget-gate bias 1 in each of PyTorch's two bias vectors: f starts near σ(2) ≈ 0.88, so memory is kept.
Initializers.LstmForgetGateBias(lstm.Cells[0].BiasIh, lstm.Cells[0].BiasHh, hidden, 2.0);
var model = new Sequential<float> { lstm, new Dense<float>(hidden, 1, rng) };

var dataRng = rng.Fork();
var validation = new[] { AddingProblem.Batch<float>(length, 500, new Rng(seed: 99)) }
    .Select(b => new Batch<float>(b.Inputs, b.Targets)).ToList();

Console.WriteLine($"Adding problem, T = {length}: LSTM(2 → {hidden}) → Dense({hidden} → 1), Adam lr 1e-2, clip 1, batch {batchSize}");
Console.WriteLine($"Baseline (always predict 1): MSE {AddingProblem.BaselineMse:G4}; solved: MSE < 0.01");
Console.WriteLine();

var trainer = new Trainer<float>(model, new MeanSquaredError<float>(), new Adam<float>(model.Parameters(), new AdamOptions(LearningRate: 1e-2)),
    new TrainerOptions { Epochs = epochs, ClipNorm = 1.0, ReportInterval = 50 },
    progress: new ConsoleProgress());
var history = trainer.Fit(
    _ => Enumerable.Range(0, updatesPerEpoch).Select(_ =>
    {
        var (x, y) = AddingProblem.Batch<float>(length, batchSize, dataRng);
        return new Batch<float>(x, y);
    }),
    validation);

Console.WriteLine();
Console.WriteLine(history.ToText());

/// <summary>Prints each progress report on its own line, synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => Console.WriteLine(value);
}
