using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

public class TrainerOptionsTests
{
    [Fact]
    public void Epochs_Zero_NamesPropertyAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Epochs = 0 });

        Assert.Equal("Epochs", ex.ParamName);
        Assert.Contains("got 0", ex.Message);
    }

    [Fact]
    public void ClipNorm_Negative_NamesPropertyAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { ClipNorm = -1 });

        Assert.Equal("ClipNorm", ex.ParamName);
        Assert.Contains("expected a finite value > 0, got -1", ex.Message);
    }

    [Fact]
    public void ValidateEverySteps_Zero_NamesProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { ValidateEverySteps = 0 });

        Assert.Equal("ValidateEverySteps", ex.ParamName);
    }
}
