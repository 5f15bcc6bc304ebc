using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.IO;

/// <summary>
/// One tensor as stored in a safetensors file: its dtype, shape and values in row-major order,
/// exactly as on disk (a <c>float[]</c> for <see cref="SafeTensorDType.F32"/>, a <c>double[]</c> for
/// <see cref="SafeTensorDType.F64"/>).
/// </summary>
public sealed class StoredTensor
{
    internal StoredTensor(string name, SafeTensorDType dtype, int[] shape, Array data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The key in the file's header, e.g. <c>weight_ih_l0</c> or <c>0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The element type on disk.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>The sizes of each axis (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values, row-major: <c>float[]</c> when <see cref="DType"/> is F32, <c>double[]</c> when F64.</summary>
    public Array Data { get; }

    /// <summary>The shape as text, e.g. <c>[16, 4]</c>.</summary>
    public string ShapeString => Tensor<float>.Format(Shape.ToArray());

    /// <summary>
    /// A new tensor holding these values as <typeparamref name="T"/>: exact when the type matches or widens
    /// (F32 → double); rounded to nearest when it narrows (F64 → float), where magnitudes beyond
    /// float's range become ±∞.
    /// </summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>(Shape.ToArray());
        var target = result.AsSpan();
        switch (Data)
        {
            case T[] same:
                // A plain copy keeps NaN payloads bit for bit, which a conversion need not.
                same.CopyTo(target);
                break;
            case float[] singles:
                TensorPrimitives.ConvertTruncating<float, T>(singles, target);
                break;
            default:
                TensorPrimitives.ConvertTruncating<double, T>((double[])Data, target);
                break;
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DType} {ShapeString}";
}
