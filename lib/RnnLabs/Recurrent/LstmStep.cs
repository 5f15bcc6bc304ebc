using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What <see cref="LstmCell{T}"/>.Forward returns: the new state (h', c') plus the gate activations
/// i, f, g, o and tanh(c') that its Backward needs. The gates sit side by side in one [B, 4H] matrix,
/// row b = [i f g o], the layout of the product that computes them.
/// </summary>
public sealed class LstmStep<T> : CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a step record from separate gate tensors (copied into <see cref="Gates"/>).</summary>
    /// <param name="input">x, [B, I].</param>
    /// <param name="previousHidden">h, [B, H].</param>
    /// <param name="previousCell">c, [B, H].</param>
    /// <param name="hidden">h' = o ⊙ tanh(c'), [B, H].</param>
    /// <param name="cell">c' = f ⊙ c + i ⊙ g, [B, H].</param>
    /// <param name="i">Input gate σ(a_i), [B, H].</param>
    /// <param name="f">Forget gate σ(a_f), [B, H].</param>
    /// <param name="g">Candidate tanh(a_g), [B, H].</param>
    /// <param name="o">Output gate σ(a_o), [B, H].</param>
    /// <param name="cellTanh">tanh(c'), [B, H].</param>
    public LstmStep(
        Tensor<T> input, Tensor<T> previousHidden, Tensor<T> previousCell, Tensor<T> hidden, Tensor<T> cell,
        Tensor<T> i, Tensor<T> f, Tensor<T> g, Tensor<T> o, Tensor<T> cellTanh)
        : base(input, previousHidden, previousCell, hidden, cell)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        foreach (var (gate, name) in new[] { (i, nameof(i)), (f, nameof(f)), (g, nameof(g)), (o, nameof(o)) })
        {
            Guard.Shape(gate, nameof(LstmStep<T>), name, "B, H like hidden", hidden.Size(0), hidden.Size(1));
        }

        Gates = GateBlocks.Pack(i, f, g, o);
        CellTanh = cellTanh;
    }

    /// <summary>A step whose tensors were allocated by its cell (or are views of a sequence layer's workspaces).</summary>
    internal LstmStep(
        Tensor<T>? input, int time, Tensor<T> previousHidden, Tensor<T> previousCell, Tensor<T> hidden, Tensor<T> cell,
        Tensor<T> gates, Tensor<T> cellTanh)
        : base(input, time, previousHidden, previousCell, hidden, cell)
    {
        Gates = gates;
        CellTanh = cellTanh;
    }

    /// <summary>[i f g o] per row, [B, 4H]: the gate activations where Forward computed them.</summary>
    public Tensor<T> Gates { get; }

    /// <inheritdoc />
    internal override CellStep<T> Rows(int start, int count) =>
        new LstmStep<T>(null, Time, PreviousHidden.Rows(start, count), PreviousCell!.Rows(start, count), Hidden.Rows(start, count),
            Cell!.Rows(start, count), Gates.Rows(start, count), CellTanh.Rows(start, count));

    /// <summary>Input gate i = σ(a_i): how much of the candidate g enters the cell, [B, H] (a copy of block 0 of <see cref="Gates"/>).</summary>
    public Tensor<T> I => GateBlocks.Extract(Gates, 0, 4);

    /// <summary>Forget gate f = σ(a_f): how much of c is kept, [B, H] (a copy of block 1 of <see cref="Gates"/>).</summary>
    public Tensor<T> F => GateBlocks.Extract(Gates, 1, 4);

    /// <summary>Candidate g = tanh(a_g), [B, H] (a copy of block 2 of <see cref="Gates"/>).</summary>
    public Tensor<T> G => GateBlocks.Extract(Gates, 2, 4);

    /// <summary>Output gate o = σ(a_o): how much of tanh(c') is exposed as h', [B, H] (a copy of block 3 of <see cref="Gates"/>).</summary>
    public Tensor<T> O => GateBlocks.Extract(Gates, 3, 4);

    /// <summary>tanh(c'), [B, H].</summary>
    public Tensor<T> CellTanh { get; }
}
