using System.Numerics;
using System.Text;
using RnnLabs.Tensors;

namespace RnnLabs.Interactive;

/// <summary>
/// A tensor as HTML: its type and shape, summary statistics (so a NaN or an exploding value is seen at once), and
/// a table clipped to at most <see cref="MaxShown"/> × <see cref="MaxShown"/> values, with … where rows or columns
/// are left out. A tensor of rank ≥ 3 is shown as its first and last [rows, columns] slices, labelled with their leading indices.
/// </summary>
internal static class TensorHtml
{
    /// <summary>Most rows or columns shown; longer axes show the first and last half of this many, around an ellipsis.</summary>
    public const int MaxShown = 8;

    /// <summary>Renders a <see cref="Tensor{T}"/> of any element type; anything else as encoded text.</summary>
    public static string Render(object tensor) => tensor switch
    {
        Tensor<float> t => Render(t),
        Tensor<double> t => Render(t),
        Tensor<Half> t => Render(t),
        _ => Html.Encode(tensor?.ToString() ?? "null"),
    };

    /// <summary>Renders <paramref name="tensor"/>.</summary>
    public static string Render<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = tensor.AsSpan();
        var shape = tensor.Shape.ToArray();
        var sb = new StringBuilder($"<div style=\"{Html.Caption}\"><b>Tensor&lt;{typeof(T).Name.ToLowerInvariant() switch { "single" => "float", var n => n }}&gt; {Html.Encode(tensor.ShapeString)}</b>");
        sb.Append($" <span style=\"opacity: 0.75;\">{Html.Encode(Summary(values))}</span></div>");
        if (values.Length == 0)
        {
            return sb.ToString();
        }

        int columns = shape.Length == 0 ? 1 : shape[^1];
        int rows = shape.Length < 2 ? 1 : shape[^2];
        int slices = values.Length / (rows * columns);
        foreach (int s in Shown(slices, max: 2))
        {
            if (s < 0)
            {
                sb.Append($"<div style=\"{Html.Caption}\">⋮ {slices - 2} more slice{(slices == 3 ? "" : "s")}</div>");
                continue;
            }

            if (shape.Length >= 3)
            {
                sb.Append($"<div style=\"{Html.Caption} opacity: 0.75;\">{Html.Encode(SliceLabel(shape, s))}</div>");
            }

            AppendMatrix(sb, values.Slice(s * rows * columns, rows * columns), rows, columns);
        }

        return sb.ToString();
    }

    /// <summary>min, max, mean, ‖x‖₂ over all values, and the count of NaN/±∞ if any.</summary>
    internal static string Summary<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.IsEmpty)
        {
            return "empty";
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSq = 0;
        int finite = 0;
        foreach (T value in values)
        {
            double v = double.CreateChecked(value);
            if (!double.IsFinite(v))
            {
                continue;
            }

            finite++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            sumSq += v * v;
        }

        int bad = values.Length - finite;
        string stats = finite == 0
            ? "no finite values"
            : $"min {Html.Number(min)} · max {Html.Number(max)} · mean {Html.Number(sum / finite)} · ‖x‖₂ {Html.Number(Math.Sqrt(sumSq))}";
        return bad == 0 ? stats : $"{stats} · {bad} NaN/±∞";
    }

    /// <summary>Indices to show along an axis of <paramref name="count"/>: all, or the first and last halves of <see cref="MaxShown"/> with −1 for the gap.</summary>
    internal static IEnumerable<int> Shown(int count, int max = MaxShown)
    {
        if (count <= max)
        {
            return Enumerable.Range(0, count);
        }

        int head = max / 2, tail = max - head;
        return Enumerable.Range(0, head).Append(-1).Concat(Enumerable.Range(count - tail, tail));
    }

    private static void AppendMatrix<T>(StringBuilder sb, ReadOnlySpan<T> values, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shownColumns = Shown(columns).ToArray();
        sb.Append($"<table style=\"{Html.Table}\"><tr><th style=\"{Html.HeaderCell}\"></th>");
        foreach (int c in shownColumns)
        {
            sb.Append($"<th style=\"{Html.HeaderCell} opacity: 0.6;\">{(c < 0 ? "…" : c)}</th>");
        }

        sb.Append("</tr>");
        foreach (int r in Shown(rows))
        {
            sb.Append($"<tr><th style=\"{Html.Cell} opacity: 0.6;\">{(r < 0 ? "⋮" : r)}</th>");
            foreach (int c in shownColumns)
            {
                string text = r < 0 ? (c < 0 ? "⋱" : "⋮") : c < 0 ? "…" : Html.Number(double.CreateChecked(values[r * columns + c]));
                sb.Append($"<td style=\"{Html.Cell}\">{text}</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table>");
    }

    /// <summary>The leading indices of slice <paramref name="slice"/>, e.g. <c>[3, :, :]</c> or <c>[1, 2, :, :]</c>.</summary>
    private static string SliceLabel(int[] shape, int slice)
    {
        var index = new int[shape.Length - 2];
        for (int axis = index.Length - 1; axis >= 0; axis--)
        {
            index[axis] = slice % shape[axis];
            slice /= shape[axis];
        }

        return "[" + string.Join(", ", index) + ", :, :]";
    }
}
