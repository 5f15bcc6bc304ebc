using RnnLabs.Kernels;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;
using Driver = RnnLabs.Kernels.GemmDriver<float, RnnLabs.Kernels.Simd256<float>, System.Runtime.Intrinsics.Vector256<float>>;

namespace RnnLabs.Tests.Kernels;

[Collection(nameof(KernelThreadsCollection))]
public class GemmThreadingTests
{
    /// <summary>
    /// The parts of one product, run one after another on this thread, write exactly what the whole product writes:
    /// each C element is summed by one part in the same order, which is why results do not depend on the thread count.
    /// </summary>
    [Theory]
    [InlineData(64, 1024, 256, 2, 0.5f)] // many column panels: split by columns
    [InlineData(64, 1024, 256, 3, 0.5f)]
    [InlineData(1000, 40, 300, 2, 0.5f)] // one panel: split by row strips
    [InlineData(7, 33, 5, 4, 0.5f)]
    [InlineData(64, 1024, 256, 2, 1f)] // α = 1: Aᵀ copied per block of row strips
    [InlineData(1000, 40, 300, 2, 1f)]
    [InlineData(1000, 40, 300, 3, 1f)]
    public unsafe void Parts_RunSeparately_ReproduceTheWholeProductBitForBit(int m, int n, int k, int parts, float alpha)
    {
        var rng = new Rng(31);
        var a = rng.Uniform<float>(-1, 1, k * m).ToArray();
        var b = rng.Uniform<float>(-1, 1, k * n).ToArray();
        var whole = new float[m * n];
        var split = new float[m * n];
        fixed (float* pa = a, pb = b, pWhole = whole, pSplit = split)
        {
            var args = new GemmArgs<float>
            {
                A = pa, Lda = m, TransposeA = true, Alpha = alpha, B = pb, Ldb = n, M = m, N = n, K = k, C = pWhole, Ldc = n,
            };
            Driver.RunPart(args, 0, 1);
            args.C = pSplit;
            for (int part = 0; part < parts; part++)
            {
                Driver.RunPart(args, part, parts);
            }
        }

        Assert.Equal(whole, split);
    }

    [Fact]
    public void Multiply_OnTwoThreads_EqualsOneThreadBitForBit()
    {
        var rng = new Rng(32);
        const int m = 256, n = 512, k = 384;
        var a = rng.Uniform<float>(-1, 1, m * k).ToArray();
        var b = rng.Uniform<float>(-1, 1, k * n).ToArray();
        var one = new float[m * n];
        var two = new float[m * n];
        int before = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, one, n);
            KernelThreads.Count = Math.Min(2, Environment.ProcessorCount);
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, two, n);
        }
        finally
        {
            KernelThreads.Count = before;
        }

        Assert.Equal(one, two);
    }

    [Fact]
    public void ForkJoin_RunsEveryPartOnceWithPartZeroOnTheCaller()
    {
        var work = new RecordingWork(3);
        SpinWait.SpinUntil(ForkJoin.TryAcquire); // another test may hold the workers: wait rather than test nothing
        try
        {
            ForkJoin.Run(work, 3);
        }
        finally
        {
            ForkJoin.Release();
        }

        Assert.Equal([1, 1, 1], work.Calls);
        Assert.Equal(Environment.CurrentManagedThreadId, work.Threads[0]);
        Assert.NotEqual(Environment.CurrentManagedThreadId, work.Threads[1]);
        Assert.NotEqual(work.Threads[1], work.Threads[2]);
    }

    [Fact]
    public void ForkJoin_AFailingPart_IsRethrownOnTheCaller()
    {
        SpinWait.SpinUntil(ForkJoin.TryAcquire);
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => ForkJoin.Run(new FailingWork(), 2));
            Assert.IsType<DivideByZeroException>(ex.InnerException);
        }
        finally
        {
            ForkJoin.Release();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Count_OutsideOneToCores_NamesTheRange(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = count);
        Assert.Contains($"expected 1 to {Environment.ProcessorCount}", ex.Message);
        Assert.Contains($"got {count}", ex.Message);
    }

    private sealed class RecordingWork(int parts) : IPartitionedWork
    {
        public int[] Calls { get; } = new int[parts];

        public int[] Threads { get; } = new int[parts];

        public void Run(int part, int parts)
        {
            Interlocked.Increment(ref Calls[part]);
            Threads[part] = Environment.CurrentManagedThreadId;
        }
    }

    private sealed class FailingWork : IPartitionedWork
    {
        public void Run(int part, int parts)
        {
            if (part == 1)
            {
                throw new DivideByZeroException();
            }
        }
    }
}
