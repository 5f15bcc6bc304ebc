using RnnLabs.Kernels;
using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// With 2 kernel threads the time loops share out the batch rows and the large products their columns; every sum
/// keeps its order, so outputs, gradients and the gradient norms are the same bits as on one thread.
/// </summary>
[Collection(nameof(KernelThreadsCollection))]
public class SequenceLayerThreadingTests
{
    public static TheoryData<LayerKind> Kinds() => new() { LayerKind.RnnTanh, LayerKind.RnnRelu, LayerKind.Lstm, LayerKind.Gru };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ForwardBackward_OnTwoThreads_EqualsOneThreadBitForBit(LayerKind kind)
    {
        var one = Run(kind, threads: 1);
        var two = Run(kind, threads: 2);

        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.True(one[i].Values.SequenceEqual(two[i].Values), $"{one[i].Name} differs between 1 and 2 threads");
        }
    }

    private static (string Name, double[] Values)[] Run(LayerKind kind, int threads)
    {
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = Math.Min(threads, Environment.ProcessorCount);
            var rng = new Rng(70);
            var options = new RecurrentOptions(5, 24) { NumLayers = 2, Bidirectional = true };
            var layer = SequenceLayers.Create(kind, options, rng);
            var x = rng.Uniform<double>(-1, 1, 9, 13, 5);
            var dy = rng.Uniform<double>(-1, 1, 9, 13, 48);
            int[] lengths = [9, 3, 9, 1, 7, 9, 2, 9, 9, 5, 9, 4, 8];
            var output = layer.Forward(x, lengths);
            var grads = layer.Backward(dy, rng.Uniform<double>(-1, 1, 4, 13, 24));
            var results = new List<(string, double[])>
            {
                ("output", Doubles(output.Output)),
                ("h_n", Doubles(output.HiddenState)),
                ("input grad", Doubles(grads.Input)),
                ("h0 grad", Doubles(grads.InitialHiddenState)),
                ("norms", layer.HiddenGradientNorms!.Top.ToArray()),
            };
            results.AddRange(((ILayer<double>)layer).NamedParameters().Select(p => (p.Name, Doubles(p.Parameter.Grad))));
            return [.. results];
        }
        finally
        {
            KernelThreads.Count = before;
        }
    }

    private static double[] Doubles(Tensor<double> t) => t.ToArray();
}
