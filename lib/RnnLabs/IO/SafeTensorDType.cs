using System.Numerics;

namespace RnnLabs.IO;

/// <summary>
/// Element types this library reads and writes in safetensors files, spelled as in the header's
/// <c>"dtype"</c> field. Both are IEEE 754, little-endian on disk.
/// </summary>
public enum SafeTensorDType
{
    /// <summary>32-bit float (<c>torch.float32</c>), 4 bytes per element.</summary>
    F32,

    /// <summary>64-bit float (<c>torch.float64</c>), 8 bytes per element.</summary>
    F64,
}

/// <summary>Size and naming rules for <see cref="SafeTensorDType"/>.</summary>
internal static class SafeTensorDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(SafeTensorDType dtype) => dtype == SafeTensorDType.F32 ? sizeof(float) : sizeof(double);

    /// <summary>Parses a header <c>"dtype"</c>; false for any dtype this library does not handle (F16, BF16, I64, ...).</summary>
    public static bool TryParse(string? text, out SafeTensorDType dtype)
    {
        // Exact, case-sensitive match: the format defines the upper-case spelling only.
        switch (text)
        {
            case "F32":
                dtype = SafeTensorDType.F32;
                return true;
            case "F64":
                dtype = SafeTensorDType.F64;
                return true;
            default:
                dtype = default;
                return false;
        }
    }

    /// <summary>The dtype that stores <typeparamref name="T"/> without loss.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static SafeTensorDType Of<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return SafeTensorDType.F32;
        }

        if (typeof(T) == typeof(double))
        {
            return SafeTensorDType.F64;
        }

        throw new NotSupportedException(
            $"safetensors checkpoints store float (F32) or double (F64) parameters, got {typeof(T).Name}");
    }
}
