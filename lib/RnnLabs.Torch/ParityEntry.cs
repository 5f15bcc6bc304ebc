namespace RnnLabs.Torch;

/// <summary>Whether a compared tensor is something the layer computes forward or a gradient from backward.</summary>
public enum ParityKind
{
    /// <summary>output, h_n or c_n: held to <see cref="ParityTolerance.OutputAbsolute"/>.</summary>
    Output,

    /// <summary>∂L/∂input, ∂L/∂h0, ∂L/∂c0 or ∂L/∂θ: held to <see cref="ParityTolerance.GradientRelative"/>.</summary>
    Gradient,
}

/// <summary>One row of a <see cref="ParityReport"/>: how far one tensor of RnnLabs lies from its TorchSharp counterpart.</summary>
/// <param name="Name">output, h_n, c_n, input, h0, c0, or a parameter name such as <c>weight_hh_l1_reverse</c>.</param>
/// <param name="Kind">Forward output or gradient, which decides the bar.</param>
/// <param name="Shape">The tensor's shape, e.g. <c>[24, 6]</c>.</param>
/// <param name="MaxAbsError">max_i |a_i − b_i|.</param>
/// <param name="MaxRelativeError">max_i |a_i − b_i| / max_i |b_i| (0 when both are all zero, ∞ when only b is).</param>
/// <param name="Passed">Whether the error the <paramref name="Kind"/> is judged by is below its tolerance.</param>
public sealed record ParityEntry(string Name, ParityKind Kind, string Shape, double MaxAbsError, double MaxRelativeError, bool Passed);
