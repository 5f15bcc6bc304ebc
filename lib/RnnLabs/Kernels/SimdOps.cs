using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnLabs.Kernels;

/// <summary>
/// The handful of vector operations the kernels need, behind one static interface so a kernel is written
/// once and the JIT specialises it for 256- or 512-bit registers (struct type arguments are compiled
/// separately, and static abstract calls inline to the hardware instruction).
/// </summary>
internal unsafe interface ISimdOps<T, TVec>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// Vectors per row of a GEMM micro-tile: 6 rows × this many accumulators must fit the register file with room for
    /// the B vectors and one broadcast (32 zmm registers: 6 × 4; 16 ymm registers: 6 × 2).
    /// </summary>
    static abstract int PanelVectors { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Broadcast(T value);

    static abstract TVec Load(T* source);

    static abstract void Store(TVec value, T* destination);

    static abstract TVec Add(TVec a, TVec b);

    /// <summary>a·b + c with one rounding (FMA).</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
}

/// <summary>AVX2 / 256-bit registers.</summary>
internal readonly unsafe struct Simd256<T> : ISimdOps<T, Vector256<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static int PanelVectors => 2;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }
}

/// <summary>AVX-512 / 512-bit registers.</summary>
internal readonly unsafe struct Simd512<T> : ISimdOps<T, Vector512<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static int PanelVectors => 4;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }
}
