using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnLabs.Kernels;
using TorchSharp;

namespace RnnLabs.Benchmarks;

/// <summary>
/// <c>--table</c>: the issue's table in one run — FMA peak, GEMM shapes, and per layer/config/threads the
/// from-scratch and TorchSharp forward+backward medians, their ratio, GFLOP/s and % of the measured peak.
/// Timed with a stopwatch, median of <c>runs</c> after warm-up, so one run of the program produces the table.
/// </summary>
public static class PerformanceTable
{
    /// <summary>The issue's bars: ratio ≤ 0.8, medium LSTM on 2 threads ≥ 50 % of peak, 256³ SGEMM ≥ 70 % of peak.</summary>
    private const double RatioBar = 0.8;
    private const double LstmPeakBar = 50;
    private const double SgemmPeakBar = 70;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(30);

    /// <summary>Measures everything and writes the Markdown tables to <paramref name="output"/>.</summary>
    public static void Print(TextWriter output, int runs)
    {
        output.WriteLine($"CPU: {CpuDescription.Describe()}, {Environment.ProcessorCount} logical cores; " +
                         $"Vector512 accelerated: {(Vector512.IsHardwareAccelerated ? "yes" : "no")}; " +
                         $"{RuntimeInformation.FrameworkDescription}; TorchSharp {typeof(torch).Assembly.GetName().Version}; " +
                         $"medians of {runs} runs after warm-up, from-scratch and TorchSharp runs alternating; " +
                         $"load average at start: {LoadAverage()}.");
        output.WriteLine();

        int width = FmaPeak.BestWidth;
        var peak = new Dictionary<int, double>();
        output.WriteLine($"| FMA peak (Vector{width}, 12 independent chains per thread, fastest of {runs}) | GFLOP/s |");
        output.WriteLine("|---|---|");
        foreach (int threads in new[] { 1, 2 })
        {
            // A peak is what the hardware can do: the fastest run, since a shared core only ever slows one down.
            double seconds = Times(() => FmaPeak.Run(width, FmaPeakBenchmarks.Iterations, threads), runs)[0];
            peak[threads] = FmaPeak.Flops(width, FmaPeakBenchmarks.Iterations, threads) / seconds / 1e9;
            output.WriteLine($"| {threads} thread{(threads > 1 ? "s" : "")} | {peak[threads]:F1} |");
        }

        output.WriteLine();
        output.WriteLine("| SGEMM (RnnLabs, 1 thread) | M×N×K | ms | GFLOP/s | % of 1-thread peak |");
        output.WriteLine("|---|---|---|---|---|");
        var rng = new Tensors.Rng(1);
        KernelThreads.Count = 1;
        double squarePercent = 0;
        foreach (var shape in GemmShape.All)
        {
            float[] a = rng.Uniform<float>(-1, 1, shape.M * shape.K).ToArray();
            float[] b = rng.Uniform<float>(-1, 1, shape.K * shape.N).ToArray();
            float[] c = new float[shape.M * shape.N];
            double seconds = Median(() => shape.Run(a, b, c), Math.Max(runs, 21));
            double gflops = shape.Flops / seconds / 1e9;
            if (shape is { M: 256, N: 256, K: 256 })
            {
                squarePercent = 100 * gflops / peak[1];
            }

            output.WriteLine($"| {shape.Name} | {shape} | {seconds * 1e3:F3} | {gflops:F1} | {100 * gflops / peak[1]:F0} % |");
        }

        output.WriteLine();
        output.WriteLine("| fwd+bwd per batch (float32) | threads | from-scratch ms | TorchSharp ms | ratio | " +
                         "from-scratch GFLOP/s (% peak) | TorchSharp GFLOP/s (% peak) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        var over = new List<string>();
        int rows = 0;
        double lstmMediumPercent = 0;
        foreach (var kind in new[] { RecurrentKind.Lstm, RecurrentKind.Gru, RecurrentKind.Rnn })
        {
            foreach (var size in new[] { RecurrentSize.Small, RecurrentSize.Medium })
            {
                var config = RecurrentConfig.Of(size);
                using var workload = new RecurrentWorkload(kind, config);
                double flops = config.ForwardBackwardFlops(kind);
                foreach (int threads in new[] { 1, 2 })
                {
                    torch.set_num_threads(threads);
                    KernelThreads.Count = threads;
                    var (scratch, torchSharp) = InterleavedMedians(workload.FromScratch, workload.TorchSharp, runs);
                    double ratio = scratch / torchSharp;
                    string name = $"{Label(kind)} {size.ToString().ToLowerInvariant()}";
                    rows++;
                    if (ratio > RatioBar)
                    {
                        over.Add($"{name} on {threads} ({ratio:F3})");
                    }

                    if (kind == RecurrentKind.Lstm && size == RecurrentSize.Medium && threads == 2)
                    {
                        lstmMediumPercent = 100 * flops / scratch / 1e9 / peak[threads];
                    }

                    output.WriteLine($"| {name} ({config}) | {threads}" +
                                     $" | {scratch * 1e3:F1} | {torchSharp * 1e3:F1} | " +
                                     $"{ratio:F3} {(ratio <= RatioBar ? "✓" : "✗")} | {Rate(flops, scratch, peak[threads])} | {Rate(flops, torchSharp, peak[threads])} |");
                    output.Flush();
                }
            }
        }

        output.WriteLine();
        output.WriteLine("ratio = from-scratch / TorchSharp (the issue's bar: ≤ 0.8). FLOPs = 3 · 2·T·B·G·H·(I+H) " +
                         "(forward + backward = 2× forward), G = 4 LSTM, 3 GRU, 1 RNN; % of the measured FMA peak at that " +
                         "row's thread count; threads = KernelThreads.Count (from scratch) and torch.set_num_threads (TorchSharp). " +
                         $"Load average at end: {LoadAverage()} (other processes on the 2 cores skew the 2-thread rows most).");
        output.WriteLine();
        output.WriteLine($"Bars in this run: {rows - over.Count} of {rows} ratios ≤ {RatioBar}" +
                         (over.Count == 0 ? "" : $" (over: {string.Join(", ", over)})") +
                         $"; medium LSTM on 2 threads at {lstmMediumPercent:F1} % of the 2-thread peak (bar {LstmPeakBar} %: " +
                         $"{(lstmMediumPercent >= LstmPeakBar ? "met" : "not met")}); 256³ SGEMM at {squarePercent:F1} % of the " +
                         $"1-thread peak (bar {SgemmPeakBar} %: {(squarePercent >= SgemmPeakBar ? "met" : "not met")}).");
        if (peak[2] < peak[1])
        {
            // Two threads cannot have less FMA throughput than one: the second core was busy with other work during
            // the probe, so every 2-thread "% of peak" above is measured against too low a peak.
            output.WriteLine($"Warning: the 2-thread FMA peak ({peak[2]:F1}) came out below the 1-thread one ({peak[1]:F1}): " +
                             "the second core was busy during the probe, so this run's 2-thread % of peak figures (and that bar) are not valid.");
        }
    }

    private static string Label(RecurrentKind kind) => kind switch
    {
        RecurrentKind.Lstm => "LSTM",
        RecurrentKind.Gru => "GRU",
        _ => "RNN tanh",
    };

    private static string Rate(double flops, double seconds, double peak)
    {
        double gflops = flops / seconds / 1e9;
        return $"{gflops:F1} ({100 * gflops / peak:F0} %)";
    }

    /// <summary>
    /// Median seconds of <paramref name="runs"/> calls of each action after warm-up, the two alternating (a, b, a, b, ...):
    /// the cores are shared with other virtual machines whose load comes and goes, and alternating makes both sides
    /// meet the same conditions, so their ratio is fair even when the absolute times drift. Before each timed call
    /// the same action runs untimed for <see cref="Settle"/>: TorchSharp's OpenMP workers keep spinning on the cores
    /// for a while after each parallel region, which would otherwise slow whatever runs next, and the caches then
    /// hold what the timed call's own steady state holds.
    /// </summary>
    private static (double A, double B) InterleavedMedians(Action a, Action b, int runs)
    {
        WarmUpFor(a);
        WarmUpFor(b);
        var secondsA = new double[runs];
        var secondsB = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            secondsA[i] = SettledSeconds(a);
            secondsB[i] = SettledSeconds(b);
        }

        return (MedianOf(secondsA), MedianOf(secondsB));
    }

    /// <summary>Median seconds of <paramref name="runs"/> calls, after warm-up.</summary>
    private static double Median(Action action, int runs) => MedianOf(Times(action, runs));

    /// <summary>
    /// Seconds of <paramref name="runs"/> calls, fastest first, after warm-up.
    /// </summary>
    private static double[] Times(Action action, int runs)
    {
        WarmUpFor(action);
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            seconds[i] = Seconds(action);
        }

        Array.Sort(seconds);
        return seconds;
    }

    /// <summary>
    /// At least 3 calls and <see cref="WarmUp"/> of calls: the JIT recompiles hot methods with full optimization only
    /// after they have run a while (tiered compilation), so the first calls measure code the steady state never runs.
    /// </summary>
    private static void WarmUpFor(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 3 || Stopwatch.GetElapsedTime(start) < WarmUp; i++)
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="action"/> untimed for at least <see cref="Settle"/>, then times one call.</summary>
    private static double SettledSeconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        do
        {
            action();
        }
        while (Stopwatch.GetElapsedTime(start) < Settle);

        return Seconds(action);
    }

    private static double Seconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double MedianOf(double[] seconds)
    {
        var sorted = seconds.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The 1/5/15-minute load averages, which tell how much else shared the cores during the run.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
