using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Recurrent;

namespace RnnLabs.Training;

/// <summary>
/// Turns <see cref="RecurrentLayer{T}.ReuseResultBuffers"/> on for every recurrent layer of a model while a
/// <see cref="Trainer{T}"/> fits it, and gives each layer its previous value back on <see cref="Dispose"/>.
/// The trainer reads each output and gradient before the next step, so reused buffers are safe there and a
/// training step allocates no result tensors. Layers are found in the model itself and, recursively, in any layer
/// that lists its layers (<see cref="Sequential{T}"/>); a layer held inside another kind of composite is not seen.
/// </summary>
internal sealed class RecurrentBufferReuse<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (RecurrentLayer<T> Layer, bool Previous)[] _layers;

    /// <summary>Turns reuse on for the recurrent layers of <paramref name="model"/>.</summary>
    public RecurrentBufferReuse(ILayer<T> model)
    {
        _layers = RecurrentLayersOf(model)
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<RecurrentLayer<T>>()
            .Select(layer => (layer, layer.ReuseResultBuffers))
            .ToArray();
        foreach (var (layer, _) in _layers)
        {
            layer.ReuseResultBuffers = true;
        }
    }

    /// <summary>Restores each layer's previous setting.</summary>
    public void Dispose()
    {
        foreach (var (layer, previous) in _layers)
        {
            layer.ReuseResultBuffers = previous;
        }
    }

    private static IEnumerable<RecurrentLayer<T>> RecurrentLayersOf(ILayer<T> layer) => layer switch
    {
        RecurrentLayer<T> recurrent => [recurrent],
        IEnumerable<ILayer<T>> children => children.SelectMany(RecurrentLayersOf),
        _ => [],
    };
}
