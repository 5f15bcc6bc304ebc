using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Torch.Tests;

/// <summary>The report measures each tensor on its own, judges outputs by absolute and gradients by relative error, and says which failed.</summary>
public sealed class ParityReportTests
{
    [Fact]
    public void Compare_OneGradientElementOffBy1e6Relative_FailsThatParameterOnly()
    {
        var run = TorchRun();
        var grads = run.ParameterGrads.ToList();
        var bumped = grads[1].Gradient.Clone();
        bumped.At(7) += 1e-6 * bumped.ToArray().Max(Math.Abs);
        grads[1] = (grads[1].Name, bumped);

        var report = ParityReport.Compare(run with { ParameterGrads = grads }, run);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("weight_hh_l0", failure.Name);
        Assert.Equal(1e-6, failure.MaxRelativeError, 1e-9);
        Assert.False(report.Passed);
    }

    [Fact]
    public void Compare_OutputOffBelowTheAbsoluteBar_Passes_AndAboveIt_Fails()
    {
        var run = TorchRun();
        Tensor<double> Shifted(double by)
        {
            var output = run.Output.Clone();
            output.At(0) += by;
            return output;
        }

        Assert.True(ParityReport.Compare(run with { Output = Shifted(5e-11) }, run).Passed);
        Assert.Equal("output", Assert.Single(ParityReport.Compare(run with { Output = Shifted(2e-10) }, run).Failures).Name);
    }

    [Fact]
    public void Compare_DifferentParameterNames_IsRefused()
    {
        var run = TorchRun();
        var renamed = run.ParameterGrads.Select(p => (p.Name.Replace("_l0", "_l9"), p.Gradient)).ToList();

        var error = Assert.Throws<ArgumentException>(() => ParityReport.Compare(run with { ParameterGrads = renamed }, run));

        Assert.Equal("candidate", error.ParamName);
        Assert.Contains("weight_ih_l9", error.Message);
    }

    [Fact]
    public void ToString_ShowsEveryTensorAndTheVerdict()
    {
        var run = TorchRun();

        string table = ParityReport.Compare(run, run).ToString();

        Assert.Contains("tensor", table.Split('\n')[0]);
        Assert.Contains("max rel err", table.Split('\n')[0]);
        Assert.Contains("bias_hh_l0", table);
        Assert.EndsWith("PASSED (float64): worst output abs error 0.0e+00 (bar 1e-10), worst gradient relative error 0.0e+00 (bar 1e-8)", table);
    }

    private static RecurrentRun<double> TorchRun()
    {
        var rng = new Rng(9);
        var layer = new Rnn<double>(new RecurrentOptions(3, 4), rng);
        using var twin = new RecurrentTwin<double>(layer);
        return twin.Run(ParityInputs<double>.Random(layer, 4, 2, rng, initialState: false));
    }
}
