using RnnLabs.Recurrent;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// A training step of <see cref="Gru{T}"/> in steady state allocates nothing: its workspaces (gates r, z, n, h·W_hnᵀ + b_hn and h,
/// gate gradients, ∂h ping-pong buffers), step views, mask, dropout buffers, norms and, with ReuseResultBuffers, its
/// results are all kept from the previous step with the same shape, and the GEMM's packing buffers are kept
/// per thread. The bound is therefore 0 bytes, not "a few".
/// </summary>
public class GruAllocationTests
{
    [Theory]
    [MemberData(nameof(SteadyStateAllocation.Configurations), MemberType = typeof(SteadyStateAllocation))]
    public void ForwardBackward_WithReusedResultBuffers_AllocatesZeroBytesAfterWarmUp(int layers, bool bidirectional, bool withLengths)
    {
        long bytes = SteadyStateAllocation.BytesPerStep((options, rng) => new Gru<float>(options, rng), layers, bidirectional, withLengths);

        Assert.Equal(0L, bytes);
    }
}
