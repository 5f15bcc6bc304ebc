using System.Numerics;

namespace RnnLabs.Torch;

/// <summary>
/// The bars of a parity check: outputs must agree to an absolute error, gradients to a relative one (gradients of
/// deep or long recurrences span many orders of magnitude, so only a relative bar means the same for all of them).
/// </summary>
/// <param name="OutputAbsolute">Largest max |a − b| allowed for an output (output, h_n, c_n).</param>
/// <param name="GradientRelative">Largest max |a − b| / max |b| allowed for a gradient (input, states, parameters).</param>
public sealed record ParityTolerance(double OutputAbsolute, double GradientRelative)
{
    /// <summary>float64: outputs within 1e-10, gradients within 1e-8 (both sides round at ~1e-16 per operation).</summary>
    public static ParityTolerance Float64 { get; } = new(1e-10, 1e-8);

    /// <summary>float32: outputs within 1e-5, gradients within 1e-4 (rounding at ~6e-8 per operation, summed over steps).</summary>
    public static ParityTolerance Float32 { get; } = new(1e-5, 1e-4);

    /// <summary><see cref="Float32"/> for float, <see cref="Float64"/> for double.</summary>
    public static ParityTolerance For<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Float32 : Float64;
}
