using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnLabs.Tensors;

/// <summary>
/// A pinned, zeroed array seen from its first 64-byte boundary on: a cache line. The kernels load whole vectors; from a
/// line-aligned start (and rows whose byte length is a multiple of 64) a Vector512 load never straddles two lines, where
/// an unaligned start turns most of them into split loads that cost two L1 accesses each. Pinned, the array never
/// moves, so the alignment holds for its lifetime and worker threads may read it through <see cref="Pointer"/>.
/// </summary>
internal readonly unsafe struct AlignedArray<T> where T : unmanaged
{
    /// <summary>Bytes in a cache line: the alignment of the first value.</summary>
    public const int LineBytes = 64;

    /// <summary>Room for <paramref name="length"/> zeroed values from a line boundary.</summary>
    public AlignedArray(int length)
    {
        Array = GC.AllocateArray<T>(length + LineBytes / sizeof(T), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));
        Offset = (int)((-start & (LineBytes - 1)) / sizeof(T));
        Length = length;
    }

    /// <summary>The whole array (holding it keeps the storage alive).</summary>
    public T[] Array { get; }

    /// <summary>Index of the first value: the first element on a line boundary.</summary>
    public int Offset { get; }

    /// <summary>Values available from <see cref="Offset"/>.</summary>
    public int Length { get; }

    /// <summary>The first value.</summary>
    public T* Pointer => (T*)Unsafe.AsPointer(ref Array[Offset]);
}
