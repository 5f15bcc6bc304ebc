using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace RnnLabs.Benchmarks;

/// <summary>
/// Forward+backward of one float32 batch, from scratch vs TorchSharp, for the table. <see cref="Threads"/>
/// sets <c>torch.set_num_threads</c>; the from-scratch library is single-threaded today, so its rows at 2 threads
/// still run on one core.
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

    /// <summary>TorchSharp intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds both layers and the batch; sets TorchSharp's thread count.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        _workload = new RecurrentWorkload(Kind, RecurrentConfig.Of(Size));
    }

    /// <summary>Releases the TorchSharp tensors.</summary>
    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    /// <summary>RnnLabs Forward then Backward (single-threaded).</summary>
    [Benchmark(Baseline = true)]
    public void FromScratch() => _workload.FromScratch();

    /// <summary>TorchSharp forward then backward.</summary>
    [Benchmark]
    public void TorchSharp() => _workload.TorchSharp();
}
