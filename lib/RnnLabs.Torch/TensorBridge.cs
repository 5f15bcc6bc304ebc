using System.Numerics;
using System.Runtime.InteropServices;
using RnnLabs.Tensors;
using TorchSharp;

namespace RnnLabs.Torch;

/// <summary>
/// Copies between RnnLabs <see cref="Tensor{T}"/> and TorchSharp <see cref="torch.Tensor"/>. Both are dense,
/// row-major and little-endian, so a copy is one block of bytes: float ↔ <c>torch.float32</c>,
/// double ↔ <c>torch.float64</c>, bit for bit.
/// </summary>
public static class TensorBridge
{
    /// <summary>A new CPU torch tensor holding a copy of <paramref name="tensor"/>, same shape, dtype of <typeparamref name="T"/>.</summary>
    /// <param name="tensor">The values to copy.</param>
    /// <param name="requiresGrad">Makes the result an autograd leaf whose <c>grad</c> is filled by backward.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static torch.Tensor ToTorch<T>(this Tensor<T> tensor, bool requiresGrad = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = new long[tensor.Rank];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            shape[axis] = tensor.Size(axis);
        }

        var result = torch.empty(shape, DType<T>());
        MemoryMarshal.AsBytes(tensor.AsSpan()).CopyTo(result.bytes);
        return requiresGrad ? result.requires_grad_(true) : result;
    }

    /// <summary>A new RnnLabs tensor holding a copy of <paramref name="tensor"/>'s values, same shape.</summary>
    /// <exception cref="ArgumentException">The dtype of <paramref name="tensor"/> is not that of <typeparamref name="T"/>.</exception>
    public static Tensor<T> ToRnnLabs<T>(this torch.Tensor tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var result = new Tensor<T>(tensor.shape.Select(s => checked((int)s)).ToArray());
        CopyInto(tensor, result, nameof(tensor));
        return result;
    }

    /// <summary>The torch dtype that holds <typeparamref name="T"/> exactly: float32 for float, float64 for double.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static torch.ScalarType DType<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return torch.ScalarType.Float32;
        }

        if (typeof(T) == typeof(double))
        {
            return torch.ScalarType.Float64;
        }

        throw new NotSupportedException($"TorchSharp twins hold float (float32) or double (float64) values, got {typeof(T).Name}");
    }

    /// <summary>A shape as text in RnnLabs' style, e.g. <c>[24, 6]</c>.</summary>
    internal static string ShapeString(torch.Tensor tensor) => "[" + string.Join(", ", tensor.shape) + "]";

    /// <summary>Overwrites <paramref name="target"/> with <paramref name="source"/>'s values; shapes and dtypes must match.</summary>
    internal static void CopyInto<T>(torch.Tensor source, Tensor<T> target, string argument)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source.dtype != DType<T>())
        {
            throw new ArgumentException(
                $"{argument}: expected a {DType<T>()} tensor (RnnLabs {typeof(T).Name}), got {source.dtype}", argument);
        }

        if (!source.shape.SequenceEqual(target.Shape.ToArray().Select(s => (long)s)))
        {
            throw new ArgumentException($"{argument}: expected shape {target.ShapeString}, got {ShapeString(source)}", argument);
        }

        // A view (transpose, slice) is not laid out row-major; contiguous() makes a packed copy only when needed.
        using var packed = source.contiguous();
        packed.bytes.CopyTo(MemoryMarshal.AsBytes(target.AsSpan()));
    }
}
