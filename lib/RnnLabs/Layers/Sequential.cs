using System.Collections;
using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// Layers applied one after another, as PyTorch's <c>nn.Sequential</c>:
/// y = f_{n−1}(… f_1(f_0(x))), and backward runs the chain rule in reverse,
/// ∂L/∂x = f_0′ᵀ(… f_{n−1}′ᵀ(∂L/∂y)). Sequence lengths go to every layer that is an
/// <see cref="ISequenceLayer{T}"/>; other layers ignore them.
/// </summary>
public sealed class Sequential<T> : ISequenceLayer<T>, IReadOnlyList<ILayer<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ILayer<T>> _layers = [];

    /// <summary>Creates the chain from <paramref name="layers"/>, in order.</summary>
    public Sequential(params ILayer<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at position <paramref name="index"/> (its prefix in parameter names).</summary>
    public ILayer<T> this[int index] => _layers[index];

    /// <summary>Appends <paramref name="layer"/> to the end of the chain (PyTorch's <c>append</c>).</summary>
    public void Add(ILayer<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
    }

    /// <summary>Runs every layer in order; with no layers, returns <paramref name="input"/>.</summary>
    public Tensor<T> Forward(Tensor<T> input, bool training = false) => Forward(input, null, training);

    /// <summary>Runs every layer in order, giving <paramref name="lengths"/> to the sequence layers.</summary>
    public Tensor<T> Forward(Tensor<T> input, IReadOnlyList<int>? lengths, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer is ISequenceLayer<T> sequenceLayer
                ? sequenceLayer.Forward(x, lengths, training)
                : layer.Forward(x, training);
        }

        return x;
    }

    /// <summary>Runs every layer's Backward from last to first.</summary>
    public Tensor<T> Backward(Tensor<T> outputGrad)
    {
        ArgumentNullException.ThrowIfNull(outputGrad);
        var grad = outputGrad;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            grad = _layers[i].Backward(grad);
        }

        return grad;
    }

    /// <summary>Each layer's parameters prefixed with its index, as PyTorch: <c>0.weight</c>, <c>1.weight_ih_l0</c>.</summary>
    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        for (int i = 0; i < _layers.Count; i++)
        {
            foreach (var (name, parameter) in _layers[i].NamedParameters())
            {
                yield return ($"{i}.{name}", parameter);
            }
        }
    }

    /// <summary>The layers in order.</summary>
    public IEnumerator<ILayer<T>> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
