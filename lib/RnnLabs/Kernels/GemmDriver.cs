using System.Numerics;
using System.Runtime.CompilerServices;
using RnnLabs.Tensors;

namespace RnnLabs.Kernels;

/// <summary>One product C += α·op(A)·op(B) as raw pointers (pinned by the caller), ready to hand to worker threads.</summary>
internal unsafe struct GemmArgs<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* A;
    public nint Lda;
    public bool TransposeA;
    public T Alpha;
    public T* B;
    public nint Ldb;
    public bool TransposeB;

    /// <summary>op(B) already packed (see <see cref="PackedMatrix{T}"/>), or null to pack it here.</summary>
    public T* PackedB;
    public int M;
    public int N;
    public int K;
    public T* C;
    public nint Ldc;

    /// <summary>β = 0: C is not read; the first block of K stores its tiles, the later ones add to them.</summary>
    public bool Overwrite;

    /// <summary>n values added to every row of C by the last block of K, or null.</summary>
    public T* RowBias;

    /// <summary>
    /// A second product over the same op(A), or null: C2 += α·op(A)·op(B2), op(B2) k × <see cref="N2"/> stored as B is.
    /// Its panels are numbered after op(B)'s, so one pass over op(A) serves both (the weight gradients dGᵀ·X and
    /// dGᵀ·H_prev of a cell whose two sides share the gate gradients).
    /// </summary>
    public T* B2;
    public nint Ldb2;
    public int N2;
    public T* C2;
    public nint Ldc2;
}

/// <summary>
/// The blocked loops around the micro-kernels, as in BLIS/GotoBLAS: columns in blocks of <see cref="NBlock"/>, depth in
/// blocks, rows in strips of 6, then one kernel call per (strip, panel), in one of two orders.
/// </summary>
/// <remarks>
/// Panels outermost (<see cref="RunPanelsOuter"/>, 128 deep: each 32 KB panel stays in L1 while the strips pass over
/// it) for a product with op(B) packed in advance (a recurrent step: W_hh then streams from L2 once per step instead of
/// once per strip), over Aᵀ (the weight gradients, read from a dense copy) and when K spans two such blocks; strips
/// outermost (<see cref="RunStripsOuter"/>, 256 deep) otherwise. Measured in one process with the orders alternating,
/// 1 thread: the time loops of the small LSTM, GRU and RNN 6-8 % faster with the panel order, the medium LSTM's
/// ∂W_hh and ∂W_ih 13-27 % faster from the copy of Aᵀ (the medium RNN's 5-13 %, the small LSTM's 1-5 %), the 256³
/// SGEMM 0-20 % (median 5 %) with panels outermost. The panel order reads and writes C once per 128-deep block: with
/// a single block (the input projection) it scatters the writes to a large C (up to 16 % slower on the medium LSTM),
/// and with K = 1024 (the medium LSTM's ∂x, C 3.3 MB) the eight passes over C made it about 5 % slower.
/// </remarks>
internal static unsafe class GemmDriver<T, TOps, TVec>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, ISimdOps<T, TVec>
    where TVec : struct
{
    /// <summary>Columns of one packed block of op(B).</summary>
    public const int NBlock = 512;

    /// <summary>Row strips per block of <see cref="RunPanelsOuter"/>.</summary>
    private const int StripBlock = 64;

    /// <summary>Row stride of a copied block of Aᵀ: 6·64 + 16 floats (1600 bytes for float: 25 cache lines, coprime with L1's 64 sets).</summary>
    private const int CopyStride = StripBlock * GemmMicroKernels.Rows + 16;

    /// <summary>Below this many flops (2·m·n·k) a product runs on the calling thread: a hand-off would cost more.</summary>
    private const double ParallelMinFlops = 2e6;

    private static readonly Work Shared = new();

    /// <summary>Columns per packed panel: the width of a micro-kernel tile.</summary>
    public static int PanelWidth => TOps.PanelVectors * TOps.Count;

    /// <summary>Panels per block of <see cref="NBlock"/> columns.</summary>
    private static int BlockPanels => Math.Max(1, NBlock / PanelWidth);

    /// <summary>C += α·op(A)·op(B) on up to <see cref="KernelThreads.Count"/> threads.</summary>
    public static void Run(in GemmArgs<T> args)
    {
        int panels = Panels(args.N) + Panels(args.N2);
        int strips = (args.M + GemmMicroKernels.Rows - 1) / GemmMicroKernels.Rows;
        int parts = Math.Min(KernelThreads.Count, Math.Max(panels, strips));
        if (parts > 1 && 2.0 * args.M * (args.N + args.N2) * args.K >= ParallelMinFlops && ForkJoin.TryAcquire())
        {
            try
            {
                Shared.Args = args;
                ForkJoin.Run(Shared, parts);
            }
            finally
            {
                Shared.Args = default;
                ForkJoin.Release();
            }

            return;
        }

        RunPart(args, 0, 1);
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/>: a contiguous range of column panels, or of row strips.
    /// Each C element is summed by exactly one part, in the same order as alone.
    /// </summary>
    /// <remarks>
    /// Split by panels, every part reads all of op(A) (m·k values); split by strips, every part packs all of op(B)
    /// (k·n). So the wider side is split: strips when m &gt; n (a weight gradient dGᵀ·X, [G·H, I], or the input
    /// projection over T·B rows), panels otherwise, and strips whenever there are fewer panels than parts.
    /// </remarks>
    public static void RunPart(in GemmArgs<T> args, int part, int parts)
    {
        int panels = Panels(args.N) + Panels(args.N2);
        int strips = (args.M + GemmMicroKernels.Rows - 1) / GemmMicroKernels.Rows;
        int s0 = 0, s1 = strips, q0 = 0, q1 = panels;
        if (panels >= parts && (args.N + args.N2 >= args.M || strips < parts))
        {
            q0 = panels * part / parts;
            q1 = panels * (part + 1) / parts;
        }
        else
        {
            s0 = strips * part / parts;
            s1 = strips * (part + 1) / parts;
        }

        var buffers = Buffers.ForThisThread(PanelWidth);
        if (args.PackedB != null || (args.Alpha == T.One && (args.TransposeA || args.K is > Gemm.PanelKBlock and <= Gemm.KBlock)))
        {
            RunPanelsOuter(args, s0, s1, q0, q1, buffers);
        }
        else
        {
            RunStripsOuter(args, s0, s1, q0, q1, buffers);
        }
    }

    /// <summary>
    /// Per block of <see cref="Gemm.PanelKBlock"/> (op(B) packed then, or in advance), per block of up to
    /// <see cref="StripBlock"/> row strips, each panel in turn meets every strip of the block: the panel stays in L1
    /// and the strips (at most 384 × 128 values) in L2. Aᵀ is read from a dense copy of the block (see remarks).
    /// </summary>
    /// <remarks>
    /// In place, a strip of Aᵀ has its 6 values at successive p lda apart, and lda is G·H floats, a multiple of 1-4 KB:
    /// all the lines a strip touches fall into 1-4 of L1's 64 sets and evict each other, and every p is a new page. The
    /// copy's rows are <see cref="CopyStride"/> floats (25 cache lines) apart, so its lines spread over every set.
    /// </remarks>
    private static void RunPanelsOuter(in GemmArgs<T> args, int s0, int s1, int q0, int q1, Buffers buffers)
    {
        int nr = PanelWidth;
        int panels = Panels(args.N);
        bool copyA = args.TransposeA; // α = 1 here: RunPart sends a product with α ≠ 1 strips-outer
        for (int qb = q0; qb < q1; qb += BlockPanels)
        {
            int qe = Math.Min(q1, qb + BlockPanels);
            for (int k0 = 0; k0 < args.K; k0 += Gemm.PanelKBlock)
            {
                int depth = DepthBlock(args, k0, Gemm.PanelKBlock, out bool store, out T* bias);
                T* block;
                if (args.PackedB != null)
                {
                    block = args.PackedB + (nint)k0 * panels * nr + (nint)qb * depth * nr;
                }
                else
                {
                    PackPanels(args, k0, depth, qb, qe, buffers.B);
                    block = buffers.B;
                }

                for (int sb = s0; sb < s1; sb += StripBlock)
                {
                    int se = Math.Min(s1, sb + StripBlock);
                    if (copyA)
                    {
                        CopyTransposedBlock(args, buffers, sb, se, k0, depth);
                    }

                    for (int q = qb; q < qe; q++)
                    {
                        for (int s = sb; s < se; s++)
                        {
                            var strip = copyA ? CopiedStrip(args, buffers, s, sb, k0, depth) : Strip(args, buffers, s, k0, depth);
                            Tile(args, strip, block + (nint)(q - qb) * depth * nr, q, depth, store, bias, buffers.Tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Per block of <see cref="Gemm.KBlock"/> op(B) is packed, then each row strip of op(A) (in place, or packed with α)
    /// walks across the block's panels: the strip stays in L1 and the panels stream from L2. For a single block of K
    /// (the input projection, K = I) this writes C strip by strip, which the panel order would scatter.
    /// </summary>
    private static void RunStripsOuter(in GemmArgs<T> args, int s0, int s1, int q0, int q1, Buffers buffers)
    {
        int nr = PanelWidth;
        for (int qb = q0; qb < q1; qb += BlockPanels)
        {
            int qe = Math.Min(q1, qb + BlockPanels);
            for (int k0 = 0; k0 < args.K; k0 += Gemm.KBlock)
            {
                int depth = DepthBlock(args, k0, Gemm.KBlock, out bool store, out T* bias);
                PackPanels(args, k0, depth, qb, qe, buffers.B);
                for (int s = s0; s < s1; s++)
                {
                    var strip = Strip(args, buffers, s, k0, depth);
                    for (int q = qb; q < qe; q++)
                    {
                        Tile(args, strip, buffers.B + (nint)(q - qb) * depth * nr, q, depth, store, bias, buffers.Tile);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Block [k0, k0 + depth) of K, at most <paramref name="kBlock"/> deep; its tiles <paramref name="store"/> over C when
    /// it is the first block of a β = 0 product, and the last block adds the row <paramref name="bias"/> (else null).
    /// </summary>
    private static int DepthBlock(in GemmArgs<T> args, int k0, int kBlock, out bool store, out T* bias)
    {
        int depth = Math.Min(kBlock, args.K - k0);
        store = args.Overwrite && k0 == 0;
        bias = k0 + depth == args.K ? args.RowBias : null;
        return depth;
    }

    /// <summary>Copies rows [k0, k0 + depth) of A (stored k × m), the columns of strips [sb, se), into the thread's copy buffer.</summary>
    private static void CopyTransposedBlock(in GemmArgs<T> args, Buffers buffers, int sb, int se, int k0, int depth)
    {
        int i0 = sb * GemmMicroKernels.Rows;
        int width = Math.Min(args.M, se * GemmMicroKernels.Rows) - i0;
        for (int p = 0; p < depth; p++)
        {
            new ReadOnlySpan<T>(args.A + (nint)(k0 + p) * args.Lda + i0, width).CopyTo(new Span<T>(buffers.Copy + p * CopyStride, width));
        }
    }

    /// <summary>
    /// Strip <paramref name="s"/> of the block copied from strip <paramref name="sb"/> on; a strip shorter than its tile
    /// height (only ever the last) is packed with zero rows by <see cref="Strip"/> instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StripOperand CopiedStrip(in GemmArgs<T> args, Buffers buffers, int s, int sb, int k0, int depth)
    {
        int r0 = s * GemmMicroKernels.Rows;
        int rows = Math.Min(GemmMicroKernels.Rows, args.M - r0);
        return rows == StripOperand.HeightFor(rows)
            ? new(buffers.Copy + (s - sb) * GemmMicroKernels.Rows, 1, CopyStride, r0, rows)
            : Strip(args, buffers, s, k0, depth);
    }

    /// <summary>
    /// Row strip <paramref name="s"/> of op(A) over [k0, k0 + depth): read in place when α = 1 and the strip is a full
    /// tile height, else packed into this thread's A buffer (valid until the next call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static StripOperand Strip(in GemmArgs<T> args, Buffers buffers, int s, int k0, int depth)
    {
        int i0 = s * GemmMicroKernels.Rows;
        int rows = Math.Min(GemmMicroKernels.Rows, args.M - i0);
        if (args.Alpha == T.One && rows == StripOperand.HeightFor(rows))
        {
            // In place: row-major A walks its rows with stride lda; Aᵀ (a gradient summed over time
            // steps) has a strip's 6 values side by side at each p and steps lda between them.
            return args.TransposeA
                ? new(args.A + (nint)k0 * args.Lda + i0, 1, args.Lda, i0, rows)
                : new(args.A + i0 * args.Lda + k0, args.Lda, 1, i0, rows);
        }

        GemmPacking.PackA(args.A, args.Lda, args.TransposeA, args.Alpha, i0, args.M, k0, depth, buffers.A);
        return new(buffers.A, 1, GemmMicroKernels.Rows, i0, rows);
    }

    /// <summary>
    /// C[strip, panel <paramref name="q"/>] += strip·<paramref name="panel"/>, then + the panel's part of
    /// <paramref name="bias"/> when given (the last block of K).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(in GemmArgs<T> args, in StripOperand strip, T* panel, int q, int depth, bool store, T* bias, T* tile)
    {
        int nr = PanelWidth;
        int first = Panels(args.N);
        bool second = q >= first;
        T* c = second ? args.C2 : args.C;
        nint ldc = second ? args.Ldc2 : args.Ldc;
        int j0 = (second ? q - first : q) * nr;
        int cols = Math.Min(nr, (second ? args.N2 : args.N) - j0);
        Kernel(strip.Height, strip.A, strip.RowStride, strip.ColStride, panel, depth, c + strip.FirstRow * ldc + j0,
            ldc, strip.Rows, cols, store, bias == null ? null : bias + j0, tile);
    }

    /// <summary>Panels of width <see cref="PanelWidth"/> that <paramref name="n"/> columns take.</summary>
    private static int Panels(int n) => (n + PanelWidth - 1) / PanelWidth;

    /// <summary>
    /// Packs rows [k0, k0 + depth) of panels [qb, qe) counted across op(B) and then op(B2) (see <see cref="GemmArgs{T}.B2"/>)
    /// into <paramref name="destination"/>, panel q at <c>(q − qb)·depth·nr</c>.
    /// </summary>
    private static void PackPanels(in GemmArgs<T> args, int k0, int depth, int qb, int qe, T* destination)
    {
        int nr = PanelWidth;
        int first = Panels(args.N);
        int firstEnd = Math.Min(qe, first);
        if (qb < firstEnd)
        {
            GemmPacking.PackB(args.B, args.Ldb, args.TransposeB, k0, depth, args.N, nr, qb, firstEnd, destination);
        }

        int secondStart = Math.Max(qb, first);
        if (secondStart < qe)
        {
            GemmPacking.PackB(args.B2, args.Ldb2, args.TransposeB, k0, depth, args.N2, nr, secondStart - first, qe - first,
                destination + (nint)(secondStart - qb) * depth * nr);
        }
    }

    /// <summary>
    /// The tile kernel for how the tile meets C (<paramref name="store"/> over it or added, with or without
    /// <paramref name="bias"/>), each a separate compilation with its write-back straight-line code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(int height, T* a, nint rowStride, nint colStride, T* b, int depth, T* c, nint ldc, int rows, int cols,
        bool store, T* bias, T* tile)
    {
        if (store)
        {
            if (bias == null)
            {
                Kernel<OverwriteTile>(height, a, rowStride, colStride, b, depth, c, ldc, rows, cols, bias, tile);
            }
            else
            {
                Kernel<OverwriteTileAddingBias>(height, a, rowStride, colStride, b, depth, c, ldc, rows, cols, bias, tile);
            }
        }
        else if (bias == null)
        {
            Kernel<AccumulateTile>(height, a, rowStride, colStride, b, depth, c, ldc, rows, cols, bias, tile);
        }
        else
        {
            Kernel<AccumulateTileAddingBias>(height, a, rowStride, colStride, b, depth, c, ldc, rows, cols, bias, tile);
        }
    }

    /// <summary>The tile kernel for this path (4 vectors wide on AVX-512, 2 on AVX2) and <paramref name="height"/>.</summary>
    private static void Kernel<TWrite>(int height, T* a, nint rowStride, nint colStride, T* b, int depth, T* c, nint ldc, int rows,
        int cols, T* bias, T* tile)
        where TWrite : struct, ITileWrite
    {
        if (TOps.PanelVectors == 4)
        {
            if (height == 6)
            {
                GemmMicroKernels.FourVectors<T, TOps, TVec, SixRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                    rows, cols, bias, tile);
            }
            else if (height == 4)
            {
                GemmMicroKernels.FourVectors<T, TOps, TVec, FourRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                    rows, cols, bias, tile);
            }
            else
            {
                GemmMicroKernels.FourVectors<T, TOps, TVec, TwoRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                    rows, cols, bias, tile);
            }
        }
        else if (height == 6)
        {
            GemmMicroKernels.TwoVectors<T, TOps, TVec, SixRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                rows, cols, bias, tile);
        }
        else if (height == 4)
        {
            GemmMicroKernels.TwoVectors<T, TOps, TVec, FourRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                rows, cols, bias, tile);
        }
        else
        {
            GemmMicroKernels.TwoVectors<T, TOps, TVec, TwoRows, TWrite>(a, rowStride, colStride, b, depth, c, ldc,
                rows, cols, bias, tile);
        }
    }

    /// <summary>A row strip of op(A) as the micro-kernel reads it: element (r, p) at <c>A[r·RowStride + p·ColStride]</c>.</summary>
    private readonly struct StripOperand(T* a, nint rowStride, nint colStride, int firstRow, int rows)
    {
        public T* A { get; } = a;

        public nint RowStride { get; } = rowStride;

        public nint ColStride { get; } = colStride;

        /// <summary>Row of C (and op(A)) where the strip starts.</summary>
        public int FirstRow { get; } = firstRow;

        /// <summary>Valid rows, at most <see cref="Height"/>.</summary>
        public int Rows { get; } = rows;

        /// <summary>The tile height that covers them: 6, 4 or 2.</summary>
        public int Height => HeightFor(Rows);

        /// <summary>The smallest tile height (6, 4 or 2) that covers <paramref name="rows"/> rows.</summary>
        public static int HeightFor(int rows) => rows > 4 ? 6 : rows > 2 ? 4 : 2;
    }

    /// <summary>
    /// The per-thread packing space, pinned so worker threads can use it through pointers and line-aligned so packed
    /// panels load without split lines; allocated once per thread.
    /// </summary>
    private sealed class Buffers
    {
        [ThreadStatic]
        private static Buffers? _current;

        private readonly AlignedArray<T> _b;
        private readonly AlignedArray<T> _a;
        private readonly AlignedArray<T> _tile;
        private readonly AlignedArray<T> _copy;

        private Buffers(int nr)
        {
            _b = new(BlockPanels * nr * Gemm.KBlock);
            _a = new(GemmMicroKernels.Rows * Gemm.KBlock);
            _tile = new(GemmMicroKernels.Rows * nr);
            _copy = new(CopyStride * Gemm.PanelKBlock);
        }

        public T* B => _b.Pointer;

        public T* A => _a.Pointer;

        public T* Tile => _tile.Pointer;

        public T* Copy => _copy.Pointer;

        public static Buffers ForThisThread(int nr) => _current ??= new Buffers(nr);
    }

    /// <summary>The product being split across threads (one at a time: the workers are held while it runs).</summary>
    private sealed class Work : IPartitionedWork
    {
        public GemmArgs<T> Args;

        public void Run(int part, int parts) => RunPart(Args, part, parts);
    }
}
