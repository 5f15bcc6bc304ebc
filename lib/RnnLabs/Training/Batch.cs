using System.Numerics;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// One mini-batch for the <see cref="Trainer{T}"/>: the model input, the loss target, and optionally a 0/1
/// <see cref="Mask"/> over the target (0 = padding, left out of the loss) and the true <see cref="Lengths"/>
/// of variable-length sequences, which the trainer passes to an
/// <see cref="RnnLabs.Layers.ISequenceLayer{T}"/> model.
/// </summary>
public sealed record Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a batch, checking that the mask and lengths fit the target and input.</summary>
    /// <param name="input">Model input, e.g. <c>[T, B, F]</c> for a time-major sequence batch.</param>
    /// <param name="target">What the loss compares the model output with.</param>
    /// <param name="mask">Same shape as <paramref name="target"/>, every element 0 or 1; null counts every element.</param>
    /// <param name="lengths">
    /// Per-sequence lengths, one per batch entry (axis 1 of a time-major input), each in [1, T]; null means full length.
    /// </param>
    /// <exception cref="ArgumentException">The mask or lengths do not fit.</exception>
    public Batch(Tensor<T> input, Tensor<T> target, Tensor<T>? mask = null, IReadOnlyList<int>? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (mask is not null)
        {
            CheckMask(mask, target);
        }

        if (lengths is not null)
        {
            CheckLengths(lengths, input);
        }

        Input = input;
        Target = target;
        Mask = mask;
        Lengths = lengths;
    }

    /// <summary>Model input.</summary>
    public Tensor<T> Input { get; }

    /// <summary>Loss target.</summary>
    public Tensor<T> Target { get; }

    /// <summary>0/1 mask over <see cref="Target"/>, or null when every element counts.</summary>
    public Tensor<T>? Mask { get; }

    /// <summary>True sequence lengths, or null when every sequence is full length.</summary>
    public IReadOnlyList<int>? Lengths { get; }

    /// <summary>How many target elements the loss averages over: Σ mask, or every element of the target without a mask.</summary>
    public double CountedElements =>
        Mask is null ? Target.Length : double.CreateChecked(TensorPrimitives.Sum<T>(Mask.AsSpan()));

    private static void CheckMask(Tensor<T> mask, Tensor<T> target)
    {
        if (!mask.SameShape(target))
        {
            throw new ArgumentException(
                $"Batch mask: expected {target.ShapeString} (the target's shape), got {mask.ShapeString}", nameof(mask));
        }

        var span = mask.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] != T.Zero && span[i] != T.One)
            {
                throw new ArgumentException(
                    $"Batch mask: expected only 0 or 1, got {span[i]} at flat index {i} of {mask.ShapeString}", nameof(mask));
            }
        }
    }

    private static void CheckLengths(IReadOnlyList<int> lengths, Tensor<T> input)
    {
        if (input.Rank < 2)
        {
            throw new ArgumentException(
                $"Batch lengths: expected an input of rank ≥ 2 ([T, B, ...], time-major), got {input.ShapeString}", nameof(lengths));
        }

        int steps = input.Size(0);
        int batch = input.Size(1);
        if (lengths.Count != batch)
        {
            throw new ArgumentException(
                $"Batch lengths: expected {batch} lengths (B of input {input.ShapeString}), got {lengths.Count}", nameof(lengths));
        }

        for (int b = 0; b < lengths.Count; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
            {
                throw new ArgumentException(
                    $"Batch lengths: expected each length in [1, {steps}] (T of input {input.ShapeString}), got {lengths[b]} at index {b}",
                    nameof(lengths));
            }
        }
    }
}
