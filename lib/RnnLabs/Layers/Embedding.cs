using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Layers;

/// <summary>
/// A lookup table of learned vectors, as PyTorch's <c>nn.Embedding</c>: token id k selects row k of
/// W [numEmbeddings, embeddingDim], so ids of shape <c>[...]</c> (e.g. time-major <c>[T, B]</c>) give
/// <c>[..., embeddingDim]</c>:
/// <code>
/// y[p, :] = W[id_p, :]          ∂L/∂W[k, :] += Σ_{p : id_p = k, k ≠ paddingIdx} ∂L/∂y[p, :]
/// </code>
/// Ids are not differentiable, so <see cref="Backward"/> returns zeros shaped like the ids.
/// </summary>
public sealed class Embedding<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int[] _ids = [];
    private int[]? _idsShape;

    /// <summary>Creates the table with PyTorch's default init N(0, 1) (the padding row, if any, set to zero).</summary>
    /// <param name="numEmbeddings">Size of the vocabulary: valid ids are 0 … numEmbeddings − 1.</param>
    /// <param name="embeddingDim">Length of each vector.</param>
    /// <param name="rng">Source of the initial weights.</param>
    /// <param name="paddingIdx">
    /// An id whose row starts at zero and never receives a gradient (PyTorch's <c>padding_idx</c>);
    /// negative values count from the end, as in PyTorch.
    /// </param>
    public Embedding(int numEmbeddings, int embeddingDim, Rng rng, int? paddingIdx = null)
    {
        Guard.Positive(numEmbeddings, nameof(Embedding<T>), nameof(numEmbeddings));
        Guard.Positive(embeddingDim, nameof(Embedding<T>), nameof(embeddingDim));
        ArgumentNullException.ThrowIfNull(rng);
        if (paddingIdx is int pad && (pad < -numEmbeddings || pad >= numEmbeddings))
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), pad,
                $"Embedding paddingIdx: expected a value in [{-numEmbeddings}, {numEmbeddings}), got {pad}");
        }

        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIdx = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        Weight = new Parameter<T>("weight", rng.Normal<T>(0, 1, numEmbeddings, embeddingDim));
        if (PaddingIdx is int row)
        {
            Weight.Value[row].Clear();
        }
    }

    /// <summary>Number of rows of the table (the vocabulary size).</summary>
    public int NumEmbeddings { get; }

    /// <summary>Length of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The id whose row gets no gradient, already made non-negative; null when there is none.</summary>
    public int? PaddingIdx { get; }

    /// <summary>W, [numEmbeddings, embeddingDim].</summary>
    public Parameter<T> Weight { get; }

    /// <summary>Looks up the rows for <paramref name="input"/>, a tensor of integer-valued token ids of any shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not an integer in [0, numEmbeddings).</exception>
    public Tensor<T> Forward(Tensor<T> input, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReadOnlySpan<T> values = input.AsSpan();
        var ids = IdBuffer(values.Length);
        T count = T.CreateChecked(NumEmbeddings);
        for (int p = 0; p < values.Length; p++)
        {
            T v = values[p];
            if (!T.IsInteger(v) || v < T.Zero || v >= count)
            {
                throw OutOfRange(nameof(input), $"{v}", p, input.Shape);
            }

            ids[p] = int.CreateTruncating(v);
        }

        return Gather(input.Shape.ToArray());
    }

    /// <summary>Looks up the rows for integer <paramref name="ids"/> laid out with <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The number of ids does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, numEmbeddings).</exception>
    public Tensor<T> Forward(int[] ids, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(shape);
        long expected = 1;
        foreach (int d in shape)
        {
            expected *= d;
        }

        if (shape.Any(d => d < 0) || expected != ids.Length)
        {
            throw new ArgumentException(
                $"Embedding ids: expected {Tensor<T>.Format(shape)} to hold the {ids.Length} ids, but it holds {expected}", nameof(shape));
        }

        var buffer = IdBuffer(ids.Length);
        for (int p = 0; p < ids.Length; p++)
        {
            if ((uint)ids[p] >= (uint)NumEmbeddings)
            {
                throw OutOfRange(nameof(ids), $"{ids[p]}", p, shape);
            }

            buffer[p] = ids[p];
        }

        return Gather(shape);
    }

    /// <summary>
    /// Adds each position's ∂L/∂y row into ∂L/∂W at its id (rows of repeated ids add up; the padding row
    /// gets nothing) and returns zeros shaped like the latest ids, since ids have no gradient.
    /// </summary>
    public Tensor<T> Backward(Tensor<T> outputGrad)
    {
        if (_idsShape is null)
        {
            throw new InvalidOperationException("Embedding.Backward called before Forward");
        }

        Guard.Shape(outputGrad, "Embedding", nameof(outputGrad), "ids shape, embeddingDim", [.. _idsShape, EmbeddingDim]);
        ReadOnlySpan<T> dy = outputGrad.AsSpan();
        Span<T> dw = Weight.Grad.AsSpan();
        for (int p = 0; p < _ids.Length; p++)
        {
            int id = _ids[p];
            if (id == PaddingIdx)
            {
                continue;
            }

            var row = dw.Slice(id * EmbeddingDim, EmbeddingDim);
            TensorPrimitives.Add(row, dy.Slice(p * EmbeddingDim, EmbeddingDim), row);
        }

        return new Tensor<T>(_idsShape);
    }

    /// <summary>The single parameter <c>weight</c>.</summary>
    public IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        yield return (Weight.Name, Weight);
    }

    /// <summary>The reused id buffer, sized for <paramref name="length"/> ids; forgets the latest Forward.</summary>
    private int[] IdBuffer(int length)
    {
        // A Forward that throws half-way must not leave Backward with a mix of old and new ids.
        _idsShape = null;
        if (_ids.Length != length)
        {
            _ids = new int[length];
        }

        return _ids;
    }

    private Tensor<T> Gather(int[] idsShape)
    {
        var output = new Tensor<T>([.. idsShape, EmbeddingDim]);
        ReadOnlySpan<T> w = Weight.Value.AsSpan();
        Span<T> y = output.AsSpan();
        for (int p = 0; p < _ids.Length; p++)
        {
            w.Slice(_ids[p] * EmbeddingDim, EmbeddingDim).CopyTo(y.Slice(p * EmbeddingDim, EmbeddingDim));
        }

        _idsShape = idsShape;
        return output;
    }

    private ArgumentOutOfRangeException OutOfRange(string argument, string id, int flatIndex, ReadOnlySpan<int> shape) =>
        new(argument, id,
            $"Embedding {argument}: expected integer ids in [0, {NumEmbeddings}) (numEmbeddings), got {id} at position " +
            $"{TensorPosition.Format(flatIndex, shape)} of {Tensor<T>.Format(shape)}");
}
