namespace RnnLabs.Recurrent;

/// <summary>
/// The configuration of a sequence layer (<see cref="Rnn{T}"/>, <see cref="Lstm{T}"/>, <see cref="Gru{T}"/>),
/// with PyTorch's argument names in C# casing and <c>batch_first=False</c>: sequences are <c>[T, B, F]</c>.
/// The same record drives all three layers, so switching between them is a one-line change.
/// </summary>
/// <param name="InputSize">I, features per time step of the input.</param>
/// <param name="HiddenSize">H, size of the hidden state of every layer and direction.</param>
public sealed record RecurrentOptions(int InputSize, int HiddenSize)
{
    /// <summary>L, stacked layers; layer k &gt; 0 reads the D·H outputs of layer k − 1.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Whether each layer also runs a reverse direction over the sequence (D = 2).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>
    /// p in [0, 1): inverted dropout on the outputs of every layer except the last, in training only
    /// (kept units are scaled by 1 / (1 − p) so evaluation needs no rescaling).
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>φ of <see cref="Rnn{T}"/> (tanh or relu); LSTM and GRU have fixed activations and take only tanh.</summary>
    public RnnNonlinearity Nonlinearity { get; init; } = RnnNonlinearity.Tanh;

    /// <summary>
    /// True: the output is every step of the top layer, <c>[T, B, D·H]</c>. False: only the final state of the
    /// top layer, <c>[B, D·H]</c>, forward direction then reverse (h_n of the top layer).
    /// </summary>
    public bool ReturnSequences { get; init; } = true;

    /// <summary>D: 2 when <see cref="Bidirectional"/>, else 1.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;
}
