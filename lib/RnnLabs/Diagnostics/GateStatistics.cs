using System.Numerics;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Diagnostics;

/// <summary>One gate's activations summarised over a layer's time steps, batch rows and units.</summary>
/// <param name="Gate">Gate symbol as in the cell's equations: i, f, g, o (LSTM) or r, z, n (GRU).</param>
/// <param name="Activation"><c>sigmoid</c> or <c>tanh</c>.</param>
/// <param name="Mean">Mean activation.</param>
/// <param name="SaturatedFraction">
/// Share of activations in the flat tails: σ &lt; 0.05 or σ &gt; 0.95; |tanh| &gt; 0.95.
/// </param>
/// <param name="Count">Number of activations summarised (steps × B × H).</param>
public sealed record GateStatistic(string Gate, string Activation, double Mean, double SaturatedFraction, long Count);

/// <summary>
/// Per-gate mean activation and saturation of an LSTM or GRU layer over time, one row per gate for a table.
/// A saturated gate has a local derivative near 0 (σ′ = σ(1 − σ) &lt; 0.0475, tanh′ = 1 − tanh² &lt; 0.0975),
/// so little gradient flows through it: a high fraction flags a stuck gate or a too large learning rate.
/// </summary>
public static class GateStatistics
{
    /// <summary>A sigmoid gate below this value counts as saturated (closed).</summary>
    public const double SigmoidLow = 0.05;

    /// <summary>A sigmoid gate above this value counts as saturated (open).</summary>
    public const double SigmoidHigh = 0.95;

    /// <summary>A tanh activation with |value| above this counts as saturated.</summary>
    public const double TanhBound = 0.95;

    /// <summary>
    /// Summarises the gates of <paramref name="steps"/>, all <see cref="LstmStep{T}"/> (rows i, f, g, o) or all
    /// <see cref="GruStep{T}"/> (rows r, z, n), e.g. the steps of one layer over a sequence.
    /// </summary>
    /// <exception cref="ArgumentException">No steps, a step of another cell type, or LSTM and GRU steps mixed.</exception>
    public static IReadOnlyList<GateStatistic> Compute<T>(IEnumerable<CellStep<T>> steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("GateStatistics steps: expected at least one LstmStep or GruStep, got none", nameof(steps));
        }

        bool lstm = GatesOf(list[0], 0).Count == 4;
        var gates = lstm
            ? new[] { new Accumulator("i", false), new Accumulator("f", false), new Accumulator("g", true), new Accumulator("o", false) }
            : new[] { new Accumulator("r", false), new Accumulator("z", false), new Accumulator("n", true) };
        for (int t = 0; t < list.Count; t++)
        {
            var (tensor, count) = GatesOf(list[t], t);
            if (count != gates.Length)
            {
                throw new ArgumentException(
                    $"GateStatistics steps: expected every step to be {Name(list[0])} like step 0, got {Name(list[t])} at index {t}",
                    nameof(steps));
            }

            // Row b of the [B, G·H] gate matrix holds the G gates side by side.
            var values = tensor.AsSpan();
            int size = values.Length / tensor.Size(0) / count;
            for (int b = 0; b < tensor.Size(0); b++)
            {
                for (int k = 0; k < count; k++)
                {
                    gates[k].Add(values.Slice((b * count + k) * size, size));
                }
            }
        }

        return gates.Select(a => a.ToStatistic()).ToList();
    }

    /// <summary>The gate activations [B, G·H] with G gates in the cell's order: i, f, g, o or r, z, n.</summary>
    private static (Tensor<T> Gates, int Count) GatesOf<T>(CellStep<T>? step, int index)
        where T : unmanaged, IFloatingPointIeee754<T> => step switch
    {
        LstmStep<T> s => (s.Gates, 4),
        GruStep<T> s => (s.Gates, 3),
        null => throw new ArgumentException($"GateStatistics steps: expected a step at index {index}, got null", "steps"),
        _ => throw new ArgumentException(
            $"GateStatistics steps: expected an LstmStep or GruStep at index {index}, got {Name(step)}", "steps"),
    };

    private static string Name<T>(CellStep<T> step)
        where T : unmanaged, IFloatingPointIeee754<T> => step.GetType().Name.Split('`')[0];

    private sealed class Accumulator(string gate, bool isTanh)
    {
        private double _sum;
        private long _saturated;
        private long _count;

        public void Add<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (T value in values)
            {
                double v = double.CreateChecked(value);
                _sum += v;
                bool saturated = isTanh ? Math.Abs(v) > TanhBound : v < SigmoidLow || v > SigmoidHigh;
                _saturated += saturated ? 1 : 0;
            }

            _count += values.Length;
        }

        public GateStatistic ToStatistic() => new(
            gate,
            isTanh ? "tanh" : "sigmoid",
            _count == 0 ? 0 : _sum / _count,
            _count == 0 ? 0 : (double)_saturated / _count,
            _count);
    }
}
