using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// A layer with an explicit forward and backward pass (no hidden tape). <see cref="Forward"/> remembers
/// what <see cref="Backward"/> needs from its latest call; <see cref="Backward"/> adds ∂L/∂θ into each
/// parameter's <see cref="Parameter{T}.Grad"/> and returns ∂L/∂input.
/// </summary>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Computes the output; <paramref name="training"/> switches on dropout and similar behaviour.</summary>
    Tensor<T> Forward(Tensor<T> input, bool training = false);

    /// <summary>Given ∂L/∂output of the latest Forward, accumulates parameter gradients and returns ∂L/∂input.</summary>
    Tensor<T> Backward(Tensor<T> outputGrad);

    /// <summary>Parameters with names unique inside this layer, PyTorch <c>state_dict</c> style (e.g. <c>0.weight</c>).</summary>
    IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters();
}

/// <summary>Helpers shared by every layer.</summary>
public static class LayerExtensions
{
    /// <summary>All parameters of <paramref name="layer"/>.</summary>
    public static IReadOnlyList<Parameter<T>> Parameters<T>(this ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
        => layer.NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>Sets every parameter gradient of <paramref name="layer"/> to zero.</summary>
    public static void ZeroGrad<T>(this ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (_, p) in layer.NamedParameters())
        {
            p.ZeroGrad();
        }
    }
}
