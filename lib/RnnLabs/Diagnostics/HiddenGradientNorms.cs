using System.Numerics;

namespace RnnLabs.Diagnostics;

/// <summary>
/// ‖∂L/∂h_t‖₂ for every time step t of every (layer, direction) of a sequence layer, from its latest Backward:
/// the total gradient reaching h_t (the output gradient at t plus the recurrent gradient from the step after it
/// in the direction's order), the norm taken over batch and hidden units. Plotted against t, a curve that falls
/// off geometrically away from the loss shows vanishing gradients; one that grows shows exploding gradients.
/// A layer whose <c>ReuseResultBuffers</c> is on refills the same object on each Backward: copy what you keep.
/// </summary>
public sealed class HiddenGradientNorms
{
    private readonly double[][] _norms;

    /// <summary>Zeroed norms for <paramref name="numLayers"/> × <paramref name="numDirections"/> × <paramref name="steps"/>.</summary>
    internal HiddenGradientNorms(int numLayers, int numDirections, int steps)
    {
        NumLayers = numLayers;
        NumDirections = numDirections;
        Steps = steps;
        _norms = new double[numLayers * numDirections][];
        for (int i = 0; i < _norms.Length; i++)
        {
            _norms[i] = new double[steps];
        }
    }

    /// <summary>L, layers.</summary>
    public int NumLayers { get; }

    /// <summary>D, directions per layer.</summary>
    public int NumDirections { get; }

    /// <summary>T, time steps.</summary>
    public int Steps { get; }

    /// <summary>‖∂L/∂h_t‖₂ over t = 0 … T−1 (time order, also for the reverse direction) of one layer and direction.</summary>
    public IReadOnlyList<double> this[int layer, int direction] => _norms[Index(layer, direction)];

    /// <summary>The forward direction of the top layer: the curve usually plotted.</summary>
    public IReadOnlyList<double> Top => this[NumLayers - 1, 0];

    /// <summary>True when this object has the given sizes, so a Backward can refill it (it overwrites every norm).</summary>
    internal bool Fits(int numLayers, int numDirections, int steps) =>
        NumLayers == numLayers && NumDirections == numDirections && Steps == steps;

    /// <summary>Stores ‖g_t‖₂ as the norm at step <paramref name="t"/>.</summary>
    internal void Set(int layer, int direction, int t, double norm) => _norms[Index(layer, direction)][t] = norm;

    private int Index(int layer, int direction)
    {
        if ((uint)layer >= (uint)NumLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{nameof(HiddenGradientNorms)} layer: expected [0, {NumLayers}), got {layer}");
        }

        if ((uint)direction >= (uint)NumDirections)
        {
            throw new ArgumentOutOfRangeException(
                nameof(direction), direction, $"{nameof(HiddenGradientNorms)} direction: expected [0, {NumDirections}), got {direction}");
        }

        return layer * NumDirections + direction;
    }
}
