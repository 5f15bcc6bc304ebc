using System.Runtime;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Tensors;

/// <summary>Where a tensor's values live: zeroed, and from the large-object size on starting on a cache line.</summary>
public class TensorStorageTests
{
    /// <summary>85,000 bytes: the runtime's large-object threshold.</summary>
    private const int LargeFloats = 85_000 / sizeof(float);

    [Theory]
    [InlineData(LargeFloats)]
    [InlineData(LargeFloats + 3)]
    [InlineData(50 * 32 * 512)]
    public void NewTensor_FromTheLargeObjectSize_StartsOnACacheLineAndIsZero(int length)
    {
        var tensor = new Tensor<float>(length);

        Assert.Equal(0, AddressOf(tensor) % 64);
        Assert.True(tensor.AsSpan().IndexOfAnyExcept(0f) < 0, "a new tensor must be zero-filled");
    }

    [Fact]
    public void LargeTensor_AfterACompactingCollection_StillStartsOnACacheLine()
    {
        var tensors = Enumerable.Range(0, 8).Select(i => new Tensor<double>(LargeFloats / 2 + i)).ToArray();

        // The large-object heap is compacted only when asked: ask, so unpinned storage there would move.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        Assert.All(tensors, t => Assert.Equal(0, AddressOf(t) % 64));
    }

    [Fact]
    public void LargeTensor_TimeStepsOfAMultipleOf64Bytes_EachStartOnACacheLine()
    {
        var gates = new Tensor<float>(50, 32, 512);

        for (int t = 0; t < 50; t++)
        {
            Assert.Equal(0, AddressOf(gates[t]) % 64);
        }
    }

    [Fact]
    public void FromArray_Large_CopiesEveryValueOntoACacheLine()
    {
        var data = new Rng(5).Uniform<float>(-1, 1, LargeFloats + 7).ToArray();

        var tensor = Tensor<float>.FromArray(data, data.Length);

        Assert.Equal(0, AddressOf(tensor) % 64);
        Assert.Equal(data, tensor.ToArray());
    }

    [Fact]
    public void SmallTensor_IsZeroFilledWithItsShape()
    {
        var tensor = new Tensor<float>(3, 4);

        Assert.Equal(12, tensor.Length);
        Assert.Equal([3, 4], tensor.Shape.ToArray());
        Assert.True(tensor.AsSpan().IndexOfAnyExcept(0f) < 0);
    }

    private static unsafe long AddressOf<T>(Tensor<T> tensor) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        fixed (T* first = tensor.AsSpan())
        {
            return (long)first;
        }
    }
}
