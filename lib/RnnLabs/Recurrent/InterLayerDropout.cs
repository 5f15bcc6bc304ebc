using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// Inverted dropout between stacked recurrent layers (PyTorch's <c>dropout</c> argument), in training only:
/// <code>
/// xˡ⁺¹ = yˡ ⊙ Mˡ,   Mˡ = [u ≥ p] / (1 − p),  u ~ U(0, 1)        ∂L/∂yˡ = ∂L/∂xˡ⁺¹ ⊙ Mˡ
/// </code>
/// Scaling the kept units at training time keeps E[xˡ⁺¹] = yˡ, so evaluation uses yˡ unchanged.
/// The masks and the dropped outputs are buffers reused while the shape stays the same.
/// </summary>
internal sealed class InterLayerDropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _p;
    private readonly Rng _rng;
    private readonly Tensor<T>?[] _masks;
    private readonly Tensor<T>?[] _dropped;
    private readonly bool[] _applied;

    /// <summary>Masks after each of the first <paramref name="gaps"/> layers, drawn from <paramref name="rng"/>.</summary>
    public InterLayerDropout(double p, int gaps, Rng rng)
    {
        _p = p;
        _rng = rng;
        _masks = new Tensor<T>?[gaps];
        _dropped = new Tensor<T>?[gaps];
        _applied = new bool[gaps];
    }

    /// <summary>
    /// yˡ ⊙ Mˡ with a fresh mask when training with p &gt; 0 (in a buffer overwritten by the next call);
    /// else <paramref name="output"/> itself.
    /// </summary>
    public Tensor<T> Forward(int layer, Tensor<T> output, bool training)
    {
        _applied[layer] = training && _p != 0;
        if (!_applied[layer])
        {
            return output;
        }

        var mask = Buffer(_masks, layer, output);
        var keepScale = T.CreateChecked(1 / (1 - _p));
        var m = mask.AsSpan();
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = _rng.NextDouble() < _p ? T.Zero : keepScale;
        }

        var dropped = Buffer(_dropped, layer, output);
        TensorPrimitives.Multiply(output.AsSpan(), m, dropped.AsSpan());
        return dropped;
    }

    /// <summary>Turns ∂L/∂xˡ⁺¹ into ∂L/∂yˡ in place, using the mask of the latest Forward.</summary>
    public void Backward(int layer, Tensor<T> grad)
    {
        if (_applied[layer])
        {
            TensorPrimitives.Multiply(grad.AsSpan(), _masks[layer]!.AsSpan(), grad.AsSpan());
        }
    }

    private static Tensor<T> Buffer(Tensor<T>?[] buffers, int layer, Tensor<T> like) =>
        buffers[layer] is { } kept && kept.SameShape(like) ? kept : buffers[layer] = new Tensor<T>(like.Shape.ToArray());
}
