using Xunit.Abstractions;

namespace RnnLabs.Tests.Learning;

public class LstmSolvesAddingProblemTests(ITestOutputHelper output)
{
    [Fact]
    public void Lstm_ReachesTestMseBelow001_Within1500Updates_OnAtLeastTwoOfThreeSeeds()
    {
        int solved = 0;
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            var (best, at, _) = AddingProblemRun.Train(lstm: true, seed, solvedBelow: 0.01);
            output.WriteLine($"LSTM seed {seed}: best test MSE {best:G4}, solved at update {at?.ToString() ?? "never"}");
            solved += best < 0.01 ? 1 : 0;
        }

        Assert.True(solved >= 2, $"LSTM solved the adding problem on {solved} of 3 seeds");
    }
}
