using RnnLabs.Data;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Torch.Tests.Support;
using RnnLabs.Training;
using Xunit.Abstractions;

namespace RnnLabs.Torch.Tests;

/// <summary>
/// Side-by-side training: the RnnLabs <see cref="Trainer{T}"/> and the <see cref="TorchTrainer{T}"/>, from the same
/// weights, on the same adding-problem batches, with the same Adam and clipping, stay together for 20 float32 steps.
/// </summary>
public sealed class TrainingParityTests(ITestOutputHelper output)
{
    private const int Steps = 20;
    private const int Hidden = 8;
    private const double ClipNorm = 0.5;
    private static readonly AdamOptions Adam = new(LearningRate: 1e-2);

    [Theory]
    [InlineData(RecurrentKind.RnnTanh)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void TwentyAdamSteps_KeepLossesAndParametersWithin1e4(RecurrentKind kind)
    {
        var rng = new Rng(11);
        var model = new Sequential<float>
        {
            RecurrentLayers.Create<float>(kind, new RecurrentOptions(2, Hidden) { ReturnSequences = false }, rng),
            new Dense<float>(Hidden, 1, rng),
        };
        var initial = model.NamedParameters().Select(p => p.Parameter.Value.ToArray()).ToList();
        using var twin = TorchSequenceModel.From(model);
        var dataRng = new Rng(12);
        var batches = Enumerable.Range(0, Steps)
            .Select(_ => AddingProblem.Batch<float>(10, 8, dataRng))
            .Select(b => new Batch<float>(b.Inputs, b.Targets))
            .ToList();

        var ours = new Trainer<float>(model, new MeanSquaredError<float>(), new Adam<float>(model.Parameters(), Adam),
            new TrainerOptions { ClipNorm = ClipNorm }).Fit(_ => batches).Steps;
        using var trainer = new TorchTrainer<float>(twin, Adam, ClipNorm);
        var theirs = trainer.Fit(_ => batches);

        var torchValues = model.NamedParameters().Select(p => (p.Name, new Parameter<float>(p.Name, p.Parameter.Value.Clone()))).ToList();
        ParameterTransfer.FromTorch(twin, torchValues);
        double lossGap = ours.Zip(theirs).Max(s => Math.Abs(s.First.Loss - s.Second.Loss));
        double parameterGap = model.NamedParameters().Zip(torchValues).Max(p => MaxAbsDifference(p.First.Parameter.Value, p.Second.Item2.Value));
        double moved = model.NamedParameters().Zip(initial).Max(p => MaxAbsDifference(p.First.Parameter.Value, Tensor<float>.FromArray(p.Second, p.First.Parameter.Value.Shape.ToArray())));
        output.WriteLine($"{kind}: max |Δloss| {lossGap:0.00e+00}, max |Δθ| {parameterGap:0.00e+00}, max |θ₂₀ − θ₀| {moved:0.00e+00}, " +
            $"clipped steps {ours.Count(s => s.GradNorm > ClipNorm)} of {Steps}");

        Assert.Equal(Steps, theirs.Count);
        Assert.True(lossGap < 1e-4, $"losses drift apart by {lossGap}");
        Assert.True(parameterGap < 1e-4, $"parameters drift apart by {parameterGap}");
        // The comparison means something only if training moved the weights and clipping was exercised.
        Assert.True(moved > 1e-2, $"parameters moved only {moved}");
        Assert.Contains(ours, s => s.GradNorm > ClipNorm);
    }

    private static double MaxAbsDifference(Tensor<float> a, Tensor<float> b) =>
        a.AsSpan().ToArray().Zip(b.AsSpan().ToArray()).Max(x => Math.Abs((double)x.First - x.Second));
}
