using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// A trainable tensor and its gradient, named like PyTorch (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>)
/// so checkpoints and the TorchSharp twin line up one to one.
/// </summary>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a parameter holding <paramref name="value"/> with a zero gradient of the same shape.</summary>
    public Parameter(string name, Tensor<T> value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Grad = new Tensor<T>(value.Shape.ToArray());
    }

    /// <summary>PyTorch-style name, local to the layer that owns it.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor<T> Value { get; }

    /// <summary>∂L/∂Value, accumulated by Backward calls until <see cref="ZeroGrad"/>.</summary>
    public Tensor<T> Grad { get; }

    /// <summary>Resets the gradient to zero before the next backward pass.</summary>
    public void ZeroGrad() => Grad.Clear();

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Value.ShapeString}";
}
