using RnnLabs.Diagnostics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Torch.Tests.Support;
using Xunit.Abstractions;

namespace RnnLabs.Torch.Tests;

/// <summary>
/// Parity can tell a real formula difference from rounding: a GRU whose reset gate acts before the hidden matrix
/// product (d2l: n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)) is a different function of the same weights and must
/// fail against torch's GRU by a wide margin, while the same scalar code with PyTorch's placement
/// (r ⊙ (W_hn h + b_hn)) and the library's Gru pass.
/// </summary>
public sealed class GruResetGatePlacementTests(ITestOutputHelper output)
{
    [Fact]
    public void LibraryGru_PassesParityWithTorchGru()
    {
        var (layer, inputs, reference) = Setup();

        var report = ParityReport.Compare(Parity.Run(layer, inputs), reference);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void ScalarGru_WithResetAfterTheProduct_PassesParityWithTorchGru()
    {
        var (layer, inputs, reference) = Setup();

        var report = ParityReport.Compare(ScalarGru.Run(layer.Cells[0], inputs, resetBeforeProduct: false), reference);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void ScalarGru_WithResetBeforeTheProduct_FailsParityByAClearMargin()
    {
        var (layer, inputs, reference) = Setup();

        var report = ParityReport.Compare(ScalarGru.Run(layer.Cells[0], inputs, resetBeforeProduct: true), reference);
        output.WriteLine(report.ToString());

        Assert.False(report.Passed, report.ToString());
        // Rounding errors sit near 1e-16; a formula difference shows up at the scale of the values, ~1e-1.
        Assert.True(report.WorstOutputAbsError > 1e-3, report.ToString());
        Assert.True(report.WorstGradientRelativeError > 1e-2, report.ToString());
        Assert.Contains(report.Failures, e => e.Name == "output");
        Assert.Contains(report.Failures, e => e.Name == "weight_hh_l0");
    }

    [Fact]
    public void ScalarGru_WithResetBeforeTheProduct_HasGradientsMatchingFiniteDifferences()
    {
        // So the failure above is the formula's, not a slip in the variant's hand-written backward pass.
        var (layer, inputs, _) = Setup();
        var cell = layer.Cells[0];
        var run = ScalarGru.Run(cell, inputs, resetBeforeProduct: true);

        var report = GradCheck.Compare(
            () =>
            {
                var y = ScalarGru.Run(cell, inputs, resetBeforeProduct: true);
                return Dot(y.Output, inputs.OutputGrad) + Dot(y.HiddenState, inputs.HiddenStateGrad!);
            },
            [
                ("input", inputs.Input, run.InputGrad),
                ("h0", inputs.InitialHiddenState!, run.InitialHiddenStateGrad!),
                .. cell.Parameters.Select(p => (p.Name, p.Value, run.ParameterGrads.Single(g => g.Name == p.Name).Gradient)),
            ]);

        Assert.True(report.Passed(), report.ToString());
    }

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a.At(i) * b.At(i);
        }

        return sum;
    }

    private static (Gru<double> Layer, ParityInputs<double> Inputs, RecurrentRun<double> Reference) Setup()
    {
        var rng = new Rng(42);
        var layer = new Gru<double>(new RecurrentOptions(4, 6), rng);
        var inputs = ParityInputs<double>.Random(layer, 5, 3, rng, initialState: true);
        using var twin = new RecurrentTwin<double>(layer);
        return (layer, inputs, twin.Run(inputs));
    }
}
