using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RnnLabs.Benchmarks;

// In-process: TorchSharp's native wrapper is the copy Directory.Build.targets patched in this project's output;
// BenchmarkDotNet's default out-of-process toolchain would build a fresh, unpatched one.
if (args.Contains("--table"))
{
    int runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(7);
    PerformanceTable.Print(Console.Out, Math.Max(5, runs));
    return 0;
}

if (args.Contains("--quick"))
{
    var quick = DefaultConfig.Instance
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
    var summaries = BenchmarkRunner.Run(typeof(Program).Assembly, quick);
    return Failed(summaries) ? 1 : 0;
}

var full = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
return Failed(BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, full)) ? 1 : 0;

static bool Failed(IEnumerable<Summary> summaries) =>
    summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
