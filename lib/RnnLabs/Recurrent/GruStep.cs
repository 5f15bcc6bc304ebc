using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What <see cref="GruCell{T}"/>.Forward returns: the new hidden state h' plus the gate activations r, z, n
/// and the hidden-side candidate pre-activation h·W_hnᵀ + b_hn that its Backward needs, each [B, H].
/// </summary>
public sealed class GruStep<T> : CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a step record.</summary>
    /// <param name="input">x, [B, I].</param>
    /// <param name="previousHidden">h, [B, H].</param>
    /// <param name="hidden">h' = (1 − z) ⊙ n + z ⊙ h, [B, H].</param>
    /// <param name="r">Reset gate σ(ax_r + ah_r), [B, H].</param>
    /// <param name="z">Update gate σ(ax_z + ah_z), [B, H].</param>
    /// <param name="n">Candidate tanh(ax_n + r ⊙ ah_n), [B, H].</param>
    /// <param name="hiddenN">ah_n = h·W_hnᵀ + b_hn, [B, H].</param>
    public GruStep(
        Tensor<T> input, Tensor<T> previousHidden, Tensor<T> hidden,
        Tensor<T> r, Tensor<T> z, Tensor<T> n, Tensor<T> hiddenN)
        : base(input, previousHidden, null, hidden, null)
    {
        R = r;
        Z = z;
        N = n;
        HiddenN = hiddenN;
    }

    /// <summary>Reset gate r: how much of the hidden-side term ah_n reaches the candidate, [B, H].</summary>
    public Tensor<T> R { get; }

    /// <summary>Update gate z: how much of h is kept in h', [B, H].</summary>
    public Tensor<T> Z { get; }

    /// <summary>Candidate n, [B, H].</summary>
    public Tensor<T> N { get; }

    /// <summary>ah_n = h·W_hnᵀ + b_hn, the hidden-side candidate pre-activation before the reset gate, [B, H].</summary>
    public Tensor<T> HiddenN { get; }
}
