using RnnLabs.Recurrent;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// A training step of <see cref="Lstm{T}"/> in steady state allocates nothing: its workspaces (gates i, f, g, o, states c, tanh(c) and h,
/// gate gradients, ∂h ping-pong buffers), step views, mask, dropout buffers, norms and, with ReuseResultBuffers, its
/// results are all kept from the previous step with the same shape, and the GEMM's packing buffers are kept
/// per thread. The bound is therefore 0 bytes, not "a few".
/// </summary>
public class LstmAllocationTests
{
    [Theory]
    [MemberData(nameof(SteadyStateAllocation.Configurations), MemberType = typeof(SteadyStateAllocation))]
    public void ForwardBackward_WithReusedResultBuffers_AllocatesZeroBytesAfterWarmUp(int layers, bool bidirectional, bool withLengths)
    {
        long bytes = SteadyStateAllocation.BytesPerStep((options, rng) => new Lstm<float>(options, rng), layers, bidirectional, withLengths);

        Assert.Equal(0L, bytes);
    }
}
