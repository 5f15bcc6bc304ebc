using BenchmarkDotNet.Attributes;
using RnnLabs.Kernels;
using TorchSharp;

namespace RnnLabs.Benchmarks;

/// <summary>
/// Forward+backward of one float32 batch, from scratch vs TorchSharp, for the table. <see cref="Threads"/>
/// sets both <see cref="KernelThreads.Count"/> and <c>torch.set_num_threads</c>.
/// </summary>
[MemoryDiagnoser]
public class RecurrentBenchmarks
{
    private RecurrentWorkload _workload = null!;

    /// <summary>Layer kind.</summary>
    [Params(RecurrentKind.Lstm, RecurrentKind.Gru, RecurrentKind.Rnn)]
    public RecurrentKind Kind { get; set; }

    /// <summary>Problem size.</summary>
    [Params(RecurrentSize.Small, RecurrentSize.Medium)]
    public RecurrentSize Size { get; set; }

    /// <summary>Threads of both libraries.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds both layers and the batch; sets both thread counts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        KernelThreads.Count = Threads;
        _workload = new RecurrentWorkload(Kind, RecurrentConfig.Of(Size));
    }

    /// <summary>Releases the TorchSharp tensors.</summary>
    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    /// <summary>RnnLabs Forward then Backward.</summary>
    [Benchmark(Baseline = true)]
    public void FromScratch() => _workload.FromScratch();

    /// <summary>TorchSharp forward then backward.</summary>
    [Benchmark]
    public void TorchSharp() => _workload.TorchSharp();
}
