using RnnLabs.Tensors;
using TorchSharp;

namespace RnnLabs.Torch.Tests;

/// <summary>Tensors cross between RnnLabs and TorchSharp bit for bit, and only into the matching dtype.</summary>
public sealed class TensorBridgeTests
{
    [Fact]
    public void RoundTrip_KeepsShapeAndEveryBit()
    {
        var original = new Rng(1).Normal<double>(0, 1e-3, 2, 3, 4);
        original.At(5) = double.Epsilon;
        original.At(6) = -0.0;

        using var scope = torch.NewDisposeScope();
        var back = original.ToTorch().ToRnnLabs<double>();

        Assert.Equal(original.Shape.ToArray(), back.Shape.ToArray());
        Assert.Equal(original.ToArray().Select(BitConverter.DoubleToInt64Bits), back.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ToRnnLabs_ReadsAViewInRowMajorOrder()
    {
        using var scope = torch.NewDisposeScope();
        var transposed = torch.arange(6, dtype: torch.ScalarType.Float32).reshape(2, 3).t();

        var values = transposed.ToRnnLabs<float>();

        Assert.Equal([3, 2], values.Shape.ToArray());
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], values.ToArray());
    }

    [Fact]
    public void ToRnnLabs_WrongDType_NamesBoth()
    {
        using var scope = torch.NewDisposeScope();
        var doubles = torch.zeros(2, dtype: torch.ScalarType.Float64);

        var error = Assert.Throws<ArgumentException>(() => doubles.ToRnnLabs<float>());

        Assert.Equal("tensor", error.ParamName);
        Assert.Contains("expected a Float32 tensor (RnnLabs Single), got Float64", error.Message);
    }
}
