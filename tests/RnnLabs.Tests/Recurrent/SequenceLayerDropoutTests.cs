using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>Inverted dropout between stacked layers: training only, on layer inputs above the first, reproducible.</summary>
public class SequenceLayerDropoutTests
{
    private static readonly RecurrentOptions Options = new(3, 4) { NumLayers = 2, Bidirectional = true, Dropout = 0.5 };

    [Fact]
    public void Forward_NotTraining_IsDeterministicAndDropoutFree()
    {
        var x = new Rng(30).Uniform<double>(-1, 1, 5, 3, 3);
        var withDropout = new Lstm<double>(Options, new Rng(31));
        var withoutDropout = new Lstm<double>(Options with { Dropout = 0 }, new Rng(31));

        var first = withDropout.Forward(x).Output.ToArray();
        var second = withDropout.Forward(x).Output.ToArray();
        var reference = withoutDropout.Forward(x).Output.ToArray();

        Assert.Equal(first, second);
        Assert.Equal(reference, first);
    }

    [Fact]
    public void Forward_Training_ZeroesOrScalesEachInputOfLayerOne()
    {
        var x = new Rng(32).Uniform<double>(-1, 1, 5, 3, 3);
        var layer = new Gru<double>(Options, new Rng(33));
        var evaluation = layer.Forward(x).Output.ToArray();
        var clean = layer.Steps(1, 0).Select(s => s.Input.ToArray()).ToList();

        var training = layer.Forward(x, training: true).Output.ToArray();
        var dropped = layer.Steps(1, 0).Select(s => s.Input.ToArray()).ToList();

        int zeros = 0, kept = 0;
        for (int t = 0; t < clean.Count; t++)
        {
            for (int i = 0; i < clean[t].Length; i++)
            {
                if (dropped[t][i] == 0)
                {
                    zeros++;
                }
                else
                {
                    Assert.Equal(clean[t][i] / (1 - Options.Dropout), dropped[t][i], 14);
                    kept++;
                }
            }
        }

        Assert.True(zeros > 0 && kept > 0, $"expected both dropped and kept units, got {zeros} zeros and {kept} kept");
        Assert.NotEqual(evaluation, training);
        Assert.Equal(
            layer.Steps(0, 0).Select(s => s.Input.ToArray()).SelectMany(v => v),
            x.ToArray());
    }

    [Fact]
    public void Forward_Training_SameSeedGivesIdenticalResults()
    {
        var x = new Rng(34).Uniform<double>(-1, 1, 5, 3, 3);
        var a = new Rnn<double>(Options, new Rng(35));
        var b = new Rnn<double>(Options, new Rng(35));

        Assert.Equal(a.Forward(x, training: true).Output.ToArray(), b.Forward(x, training: true).Output.ToArray());
        Assert.Equal(a.Forward(x, training: true).Output.ToArray(), b.Forward(x, training: true).Output.ToArray());
    }

    [Fact]
    public void Forward_Training_DrawsAFreshMaskEachCall()
    {
        var x = new Rng(36).Uniform<double>(-1, 1, 5, 3, 3);
        var layer = new Rnn<double>(Options, new Rng(37));

        Assert.NotEqual(layer.Forward(x, training: true).Output.ToArray(), layer.Forward(x, training: true).Output.ToArray());
    }
}
