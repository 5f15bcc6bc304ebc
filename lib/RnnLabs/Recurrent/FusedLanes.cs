using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnLabs.Kernels;

namespace RnnLabs.Recurrent;

/// <summary>Which register width the fused cell rows (<see cref="LstmFusedRows"/>, <see cref="GruFusedRows"/>, <see cref="RnnFusedRows"/>) run on.</summary>
internal static class FusedLanes
{
    /// <summary>
    /// True when a fused row can run for hidden size <paramref name="size"/>: <see cref="Activations.FloatPath"/> is a
    /// vector path and H is a multiple of a 256-bit vector (an AVX-512 CPU also has the AVX2 and FMA the 256-bit lanes use).
    /// </summary>
    public static bool Supports(int size) =>
        Activations.FloatPath is SimdPath.Vector512 or SimdPath.Vector256 && size % Vector256<float>.Count == 0;

    /// <summary>A span of the generic element type seen as float (the cells call the fused rows only when T is float).</summary>
    public static Span<float> AsFloat<T>(Span<T> values) where T : struct => MemoryMarshal.Cast<T, float>(values);

    /// <summary>A read-only span of the generic element type seen as float.</summary>
    public static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values) where T : struct => MemoryMarshal.Cast<T, float>(values);

    /// <summary>True when the 512-bit lanes run for hidden size <paramref name="size"/>.</summary>
    public static bool Wide(int size) => Activations.FloatPath == SimdPath.Vector512 && size % Vector512<float>.Count == 0;

    /// <summary>σ′ = (1 − s)·s from s = σ(a), rounded as <see cref="GateDerivatives.Sigmoid{T}"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec SigmoidDerivative<TLanes, TVec>(TVec s, TVec one)
        where TLanes : struct, ILanes<TVec>
        where TVec : struct
        => TLanes.Multiply(TLanes.Subtract(one, s), s);
}

/// <summary>The vector operations the fused rows need, per register width.</summary>
internal interface ILanes<TVec> where TVec : struct
{
    static abstract int Count { get; }

    static abstract TVec One { get; }

    static abstract TVec Load(ref float source);

    static abstract void Store(TVec value, ref float destination);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Sigmoid(TVec x);

    static abstract TVec Tanh(TVec x);
}

internal readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> One => Vector512<float>.One;

    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    public static Vector512<float> Sigmoid(Vector512<float> x) => Activations.Sigmoid(x);

    public static Vector512<float> Tanh(Vector512<float> x) => Activations.Tanh(x);
}

internal readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> One => Vector256<float>.One;

    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    public static Vector256<float> Sigmoid(Vector256<float> x) => Activations.Sigmoid(x);

    public static Vector256<float> Tanh(Vector256<float> x) => Activations.Tanh(x);
}
