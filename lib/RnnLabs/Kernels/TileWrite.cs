namespace RnnLabs.Kernels;

/// <summary>
/// How a finished micro-kernel tile meets C, as a type, so each way is compiled on its own and the write-back has no
/// branches (see <see cref="GemmMicroKernels"/>).
/// </summary>
internal interface ITileWrite
{
    /// <summary>C += tile (else C = tile: the first block of K of a β = 0 product).</summary>
    static abstract bool Accumulates { get; }

    /// <summary>Then C += the row bias (the last block of K of a product with one).</summary>
    static abstract bool AddsBias { get; }
}

/// <summary>C = tile.</summary>
internal readonly struct OverwriteTile : ITileWrite
{
    public static bool Accumulates => false;

    public static bool AddsBias => false;
}

/// <summary>C = tile + bias.</summary>
internal readonly struct OverwriteTileAddingBias : ITileWrite
{
    public static bool Accumulates => false;

    public static bool AddsBias => true;
}

/// <summary>C += tile.</summary>
internal readonly struct AccumulateTile : ITileWrite
{
    public static bool Accumulates => true;

    public static bool AddsBias => false;
}

/// <summary>C += tile, then + bias.</summary>
internal readonly struct AccumulateTileAddingBias : ITileWrite
{
    public static bool Accumulates => true;

    public static bool AddsBias => true;
}
