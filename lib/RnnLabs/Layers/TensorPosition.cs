namespace RnnLabs.Layers;

/// <summary>Turns a flat row-major index into the multi-index an error message should show.</summary>
internal static class TensorPosition
{
    /// <summary>The position of element <paramref name="flatIndex"/> in <paramref name="shape"/>, e.g. 7 in [3, 4] → <c>[1, 3]</c>.</summary>
    public static string Format(int flatIndex, ReadOnlySpan<int> shape)
    {
        var index = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = flatIndex % shape[axis];
            flatIndex /= shape[axis];
        }

        return "[" + string.Join(", ", index) + "]";
    }
}
