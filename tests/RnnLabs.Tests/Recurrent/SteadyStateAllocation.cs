using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// Managed bytes one float32 training step (zero gradients, Forward, Backward) allocates on the calling thread once
/// the layer has seen the batch shape: two warm-up steps, then <see cref="ThreadAllocation.FewestBytesOfThreeRuns"/>.
/// </summary>
internal static class SteadyStateAllocation
{
    /// <summary>Layer configurations of the allocation tests: 1 or 2 layers, uni- or bidirectional, with or without lengths.</summary>
    public static TheoryData<int, bool, bool> Configurations()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (int layers in new[] { 1, 2 })
        {
            foreach (bool bidirectional in new[] { false, true })
            {
                foreach (bool withLengths in new[] { false, true })
                {
                    data.Add(layers, bidirectional, withLengths);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Builds the layer with <paramref name="create"/> (T = 6, B = 5, I = 4, H = 8, dropout 0.3 between layers,
    /// training on so the dropout masks are drawn too) and measures one step with <see cref="RecurrentLayer{T}.ReuseResultBuffers"/> on.
    /// </summary>
    public static long BytesPerStep(Func<RecurrentOptions, Rng, RecurrentLayer<float>> create, int layers, bool bidirectional, bool withLengths)
    {
        var rng = new Rng(7);
        var options = new RecurrentOptions(4, 8) { NumLayers = layers, Bidirectional = bidirectional, Dropout = layers > 1 ? 0.3 : 0 };
        var layer = create(options, rng);
        layer.ReuseResultBuffers = true;
        var parameters = layer.Parameters().ToArray();
        var x = rng.Uniform<float>(-1, 1, 6, 5, 4);
        var outputGrad = rng.Uniform<float>(-1, 1, 6, 5, options.NumDirections * 8);
        var hiddenGrad = rng.Uniform<float>(-1, 1, layers * options.NumDirections, 5, 8);
        int[]? lengths = withLengths ? [6, 3, 1, 6, 4] : null;

        void Step()
        {
            foreach (var p in parameters)
            {
                p.ZeroGrad();
            }

            layer.Forward(x, lengths, training: true);
            layer.Backward(outputGrad, hiddenGrad);
        }

        Step();
        Step();
        return ThreadAllocation.FewestBytesOfThreeRuns(Step);
    }
}
