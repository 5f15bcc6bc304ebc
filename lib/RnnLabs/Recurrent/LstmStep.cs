using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What <see cref="LstmCell{T}"/>.Forward returns: the new state (h', c') plus the gate activations
/// i, f, g, o and tanh(c') that its Backward needs, each [B, H].
/// </summary>
public sealed class LstmStep<T> : CellStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a step record.</summary>
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
        I = i;
        F = f;
        G = g;
        O = o;
        CellTanh = cellTanh;
    }

    /// <summary>Input gate i = σ(a_i): how much of the candidate g enters the cell, [B, H].</summary>
    public Tensor<T> I { get; }

    /// <summary>Forget gate f = σ(a_f): how much of c is kept, [B, H].</summary>
    public Tensor<T> F { get; }

    /// <summary>Candidate g = tanh(a_g), [B, H].</summary>
    public Tensor<T> G { get; }

    /// <summary>Output gate o = σ(a_o): how much of tanh(c') is exposed as h', [B, H].</summary>
    public Tensor<T> O { get; }

    /// <summary>tanh(c'), [B, H].</summary>
    public Tensor<T> CellTanh { get; }
}
