namespace RnnLabs.Benchmarks;

/// <summary>The recurrent layer kinds of the performance issue; the value is G, the gate count.</summary>
public enum RecurrentKind
{
    /// <summary>Elman RNN with tanh, G = 1.</summary>
    Rnn = 1,

    /// <summary>GRU, G = 3.</summary>
    Gru = 3,

    /// <summary>LSTM, G = 4.</summary>
    Lstm = 4,
}

/// <summary>The two problem sizes of the performance issue.</summary>
public enum RecurrentSize
{
    /// <summary>B = 32, T = 50, I = 64, H = 128.</summary>
    Small,

    /// <summary>B = 64, T = 100, I = 128, H = 256.</summary>
    Medium,
}

/// <summary>
/// One benchmark problem: batch B, sequence length T, input size I, hidden size H, and its matmul FLOP count
/// forward 2·T·B·G·H·(I+H), backward twice that.
/// </summary>
public sealed record RecurrentConfig(int Batch, int Steps, int Input, int Hidden)
{
    /// <summary>The configuration named by <paramref name="size"/>.</summary>
    public static RecurrentConfig Of(RecurrentSize size) => size switch
    {
        RecurrentSize.Small => new RecurrentConfig(32, 50, 64, 128),
        _ => new RecurrentConfig(64, 100, 128, 256),
    };

    /// <summary>Forward plus backward FLOPs of one batch: 3 · 2·T·B·G·H·(I+H).</summary>
    public double ForwardBackwardFlops(RecurrentKind kind) =>
        3.0 * 2.0 * Steps * Batch * (int)kind * Hidden * (double)(Input + Hidden);

    /// <inheritdoc/>
    public override string ToString() => $"B={Batch}, T={Steps}, I={Input}, H={Hidden}";
}
