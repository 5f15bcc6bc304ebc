using System.Numerics;
using System.Text;

namespace RnnLabs.Tensors;

/// <summary>
/// A dense, row-major tensor of <typeparamref name="T"/> (float for training, double for gradient checks).
/// Sequences are stored time-major, <c>[T, B, F]</c>, so <see cref="this[int]"/> on the first axis gives
/// one time step's <c>[B, F]</c> block as a view sharing storage.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The size from which the runtime puts an array on the large-object heap.</summary>
    private const int LargeObjectBytes = 85_000;

    private readonly T[] _storage;
    private readonly int _offset;
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape)
        : this(Allocate(CheckedLength(shape)), shape)
    {
    }

    private Tensor((T[] Storage, int Offset) allocation, int[] shape)
        : this(allocation.Storage, allocation.Offset, shape)
    {
    }

    private Tensor(T[] storage, int offset, int[] shape)
    {
        _storage = storage;
        _offset = offset;
        _shape = (int[])shape.Clone();
        Length = CheckedLength(shape);
    }

    /// <summary>The sizes of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of elements.</summary>
    public int Length { get; }

    /// <summary>Size of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Size(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    /// <summary>The elements in row-major order.</summary>
    public Span<T> AsSpan() => _storage.AsSpan(_offset, Length);

    /// <summary>A zero-filled tensor.</summary>
    public static Tensor<T> Zeros(params int[] shape) => new(shape);

    /// <summary>A tensor whose elements are a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public static Tensor<T> FromArray(ReadOnlySpan<T> data, params int[] shape)
    {
        int length = CheckedLength(shape);
        if (data.Length != length)
        {
            throw new ArgumentException(
                $"expected {length} values for shape {Format(shape)}, got {data.Length}", nameof(data));
        }

        var allocation = Allocate(length);
        data.CopyTo(allocation.Storage.AsSpan(allocation.Offset));
        return new Tensor<T>(allocation, shape);
    }

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor<T> Full(T value, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        t.AsSpan().Fill(value);
        return t;
    }

    /// <summary>Element at a flat row-major index.</summary>
    public ref T At(int flatIndex)
    {
        if ((uint)flatIndex >= (uint)Length)
        {
            throw new IndexOutOfRangeException($"flat index {flatIndex} outside [0, {Length}) of {ShapeString}");
        }

        return ref _storage[_offset + flatIndex];
    }

    /// <summary>Element <c>[i, j]</c> of a rank-2 tensor.</summary>
    public ref T this[int i, int j] => ref At(Index(i, j));

    /// <summary>Element <c>[i, j, k]</c> of a rank-3 tensor.</summary>
    public ref T this[int i, int j, int k] => ref At(Index(i, j, k));

    /// <summary>
    /// The sub-tensor at position <paramref name="index"/> of the first axis, as a view that shares storage
    /// (for a time-major sequence: time step <paramref name="index"/>, shape <c>[B, F]</c>).
    /// </summary>
    public Tensor<T> this[int index]
    {
        get
        {
            if (Rank == 0 || (uint)index >= (uint)_shape[0])
            {
                throw new IndexOutOfRangeException($"index {index} outside axis 0 of {ShapeString}");
            }

            int[] rest = _shape[1..];
            int stride = Length / _shape[0];
            return new Tensor<T>(_storage, _offset + index * stride, rest);
        }
    }

    /// <summary>
    /// Positions [<paramref name="start"/>, start + <paramref name="count"/>) of the first axis as a view that shares
    /// storage (for a [B, F] matrix: a block of rows, which is contiguous).
    /// </summary>
    internal Tensor<T> Rows(int start, int count)
    {
        if (Rank == 0 || start < 0 || count < 0 || start + count > _shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) outside axis 0 of {ShapeString}");
        }

        int[] shape = (int[])_shape.Clone();
        shape[0] = count;
        return new Tensor<T>(_storage, _offset + start * (Length / _shape[0]), shape);
    }

    /// <summary>A view with a new shape and the same elements (row-major order is unchanged).</summary>
    /// <exception cref="ArgumentException">The new shape has a different number of elements.</exception>
    public Tensor<T> Reshape(params int[] shape)
    {
        if (CheckedLength(shape) != Length)
        {
            throw new ArgumentException($"cannot reshape {ShapeString} ({Length} elements) to {Format(shape)}", nameof(shape));
        }

        return new Tensor<T>(_storage, _offset, shape);
    }

    /// <summary>
    /// Zeroed storage for <paramref name="length"/> values and the index where they start. From
    /// <see cref="LargeObjectBytes"/> on an array lives on the large-object heap, collected with the oldest generation
    /// and compacted only on request: such storage is an <see cref="AlignedArray{T}"/> instead (pinned, same lifetime,
    /// never moved), so a layer's gate, state and gradient sequences start on a cache line (and so does each time step
    /// when its size is a multiple of 64 bytes).
    /// </summary>
    private static unsafe (T[] Storage, int Offset) Allocate(int length)
    {
        if ((long)length * sizeof(T) < LargeObjectBytes)
        {
            return (new T[length], 0);
        }

        var aligned = new AlignedArray<T>(length);
        return (aligned.Array, aligned.Offset);
    }

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone() => FromArray(AsSpan(), _shape);

    /// <summary>Copies the elements into a new array.</summary>
    public T[] ToArray() => AsSpan().ToArray();

    /// <summary>Copies the elements of <paramref name="source"/>, which must have the same shape.</summary>
    public void CopyFrom(Tensor<T> source)
    {
        if (!SameShape(source))
        {
            throw new ArgumentException($"expected shape {ShapeString}, got {source.ShapeString}", nameof(source));
        }

        source.AsSpan().CopyTo(AsSpan());
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>The same elements converted to another floating-point type.</summary>
    public Tensor<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var result = new Tensor<TOut>(_shape);
        var src = AsSpan();
        var dst = result.AsSpan();
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = TOut.CreateChecked(src[i]);
        }

        return result;
    }

    /// <summary>True when both tensors have identical shapes.</summary>
    public bool SameShape(Tensor<T> other) => Shape.SequenceEqual(other.Shape);

    /// <summary>True when every element is finite (no NaN or infinity).</summary>
    public bool AllFinite()
    {
        foreach (var v in AsSpan())
        {
            if (!T.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The shape as text, e.g. <c>[50, 32, 64]</c>.</summary>
    public string ShapeString => Format(_shape);

    /// <summary>Shape and the first elements, for debugging.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"Tensor<{typeof(T).Name}>{ShapeString} [");
        var span = AsSpan();
        int shown = Math.Min(span.Length, 8);
        for (int i = 0; i < shown; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(span[i]);
        }

        return sb.Append(span.Length > shown ? ", ...]" : "]").ToString();
    }

    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    private int Index(int i, int j)
    {
        RequireRank(2);
        CheckAxis(0, i);
        CheckAxis(1, j);
        return i * _shape[1] + j;
    }

    private int Index(int i, int j, int k)
    {
        RequireRank(3);
        CheckAxis(0, i);
        CheckAxis(1, j);
        CheckAxis(2, k);
        return (i * _shape[1] + j) * _shape[2] + k;
    }

    private void RequireRank(int rank)
    {
        if (Rank != rank)
        {
            throw new InvalidOperationException($"rank-{rank} indexer used on a tensor of shape {ShapeString}");
        }
    }

    private void CheckAxis(int axis, int index)
    {
        if ((uint)index >= (uint)_shape[axis])
        {
            throw new IndexOutOfRangeException($"index {index} outside axis {axis} of {ShapeString}");
        }
    }

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape {Format(shape)} has a negative axis", nameof(shape));
            }

            length *= d;
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"shape {Format(shape)} has more elements than an array can hold", nameof(shape));
            }
        }

        return (int)length;
    }
}
