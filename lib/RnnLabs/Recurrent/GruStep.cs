using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What <see cref="GruCell{T}"/>.Forward returns: the new hidden state h' plus the gate activations r, z, n
/// and the hidden-side candidate pre-activation h·W_hnᵀ + b_hn that its Backward needs. The gates sit side by
/// side in one [B, 3H] matrix, row b = [r z n], the layout of the product that computes them.
/// </summary>
public sealed class GruStep<T> : CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a step record from separate gate tensors (copied into <see cref="Gates"/>).</summary>
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
        ArgumentNullException.ThrowIfNull(hidden);
        foreach (var (gate, name) in new[] { (r, nameof(r)), (z, nameof(z)), (n, nameof(n)) })
        {
            Guard.Shape(gate, nameof(GruStep<T>), name, "B, H like hidden", hidden.Size(0), hidden.Size(1));
        }

        Gates = GateBlocks.Pack(r, z, n);
        HiddenN = hiddenN;
    }

    /// <summary>A step whose tensors were allocated by its cell (or are views of a sequence layer's workspaces).</summary>
    internal GruStep(Tensor<T>? input, int time, Tensor<T> previousHidden, Tensor<T> hidden, Tensor<T> gates, Tensor<T> hiddenN)
        : base(input, time, previousHidden, null, hidden, null)
    {
        Gates = gates;
        HiddenN = hiddenN;
    }

    /// <summary>[r z n] per row, [B, 3H]: the gate activations where Forward computed them.</summary>
    public Tensor<T> Gates { get; }

    /// <inheritdoc />
    internal override CellStep<T> Rows(int start, int count) =>
        new GruStep<T>(null, Time, PreviousHidden.Rows(start, count), Hidden.Rows(start, count), Gates.Rows(start, count),
            HiddenN.Rows(start, count));

    /// <summary>Reset gate r: how much of the hidden-side term ah_n reaches the candidate, [B, H] (a copy of block 0 of <see cref="Gates"/>).</summary>
    public Tensor<T> R => GateBlocks.Extract(Gates, 0, 3);

    /// <summary>Update gate z: how much of h is kept in h', [B, H] (a copy of block 1 of <see cref="Gates"/>).</summary>
    public Tensor<T> Z => GateBlocks.Extract(Gates, 1, 3);

    /// <summary>Candidate n, [B, H] (a copy of block 2 of <see cref="Gates"/>).</summary>
    public Tensor<T> N => GateBlocks.Extract(Gates, 2, 3);

    /// <summary>ah_n = h·W_hnᵀ + b_hn, the hidden-side candidate pre-activation before the reset gate, [B, H].</summary>
    public Tensor<T> HiddenN { get; }
}
