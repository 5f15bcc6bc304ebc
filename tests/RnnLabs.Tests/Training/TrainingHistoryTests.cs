using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class TrainingHistoryTests
{
    private static TrainingHistory Fit(int epochs, TrainerOptions? options = null)
    {
        var (x, y) = LinearData.Make(new Rng(1), 32, 2, 0, 0.1);
        var model = new LinearModel();
        var sgd = new Sgd(model.NamedParameters().Select(p => p.Parameter), 0.05);
        var trainer = new Trainer<double>(model, new MseLoss(), sgd, options ?? new TrainerOptions { Epochs = epochs });
        return trainer.Fit(_ => LinearData.Batches(x, y, 8), LinearData.Batches(x, y, 32));
    }

    [Fact]
    public void ToText_HasOneRowPerEpochWithLosses()
    {
        var history = Fit(3);

        var lines = history.ToText().Split('\n');

        Assert.Contains("train loss", lines[0]);
        Assert.Equal(3 + 3, lines.Length);
        string val = history.Epochs[1].ValidationLoss!.Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("    2       8 ", lines[2]);
        Assert.Contains(val, lines[2]);
        Assert.Contains("█", lines[1]);
        Assert.StartsWith("per step ", lines[4]);
        Assert.StartsWith("12 steps, 3 epochs", lines[5]);
    }

    [Fact]
    public void ToText_ManyEpochs_ShowsMaxRowsIncludingFirstAndLast()
    {
        var history = Fit(30);

        var rows = history.ToText(maxRows: 5).Split('\n')[1..^2];

        Assert.Equal(5, rows.Length);
        Assert.StartsWith("    1 ", rows[0]);
        Assert.StartsWith("   30 ", rows[^1]);
    }

    [Fact]
    public void ToText_StoppedEarly_SaysWhy()
    {
        var history = Fit(5, new TrainerOptions { Epochs = 5, MaxSteps = 6 });

        Assert.EndsWith("stopped early: reached MaxSteps (6) before the last epoch ended", history.ToText());
    }

    [Fact]
    public void ToText_LossFalls_BarsShrink()
    {
        var history = Fit(10);

        var rows = history.ToText().Split('\n')[1..^2];

        Assert.True(rows[0].Count(c => c == '█') > rows[^1].Count(c => c == '█'), history.ToText());
    }

    [Fact]
    public void Series_PairStepsWithValues()
    {
        var history = Fit(2);

        Assert.Equal(history.Steps.Select(s => (s.Step, s.Loss)), history.TrainLoss);
        Assert.Equal([(1, history.Epochs[0].ValidationLoss!.Value), (2, history.Epochs[1].ValidationLoss!.Value)], history.EpochValidationLoss);
    }
}
