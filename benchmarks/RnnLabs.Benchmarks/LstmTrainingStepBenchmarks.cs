using BenchmarkDotNet.Attributes;
using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Benchmarks;

/// <summary>
/// One float32 training step of a single-layer LSTM: forward over the sequence, backward through time with a
/// gradient on every output, and an Adam update. The small configuration of the performance issue:
/// B = 32, T = 50, I = 64, H = 128.
/// </summary>
[MemoryDiagnoser]
public class LstmTrainingStepBenchmarks
{
    private Lstm<float> _lstm = null!;
    private Adam<float> _adam = null!;
    private Tensor<float> _input = null!;
    private Tensor<float> _outputGrad = null!;

    /// <summary>Builds the layer, optimizer and a fixed random batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _lstm = new Lstm<float>(new RecurrentOptions(InputSize: 64, HiddenSize: 128), rng) { ReuseResultBuffers = true };
        _adam = new Adam<float>(((ILayer<float>)_lstm).Parameters());
        _input = rng.Uniform<float>(-1, 1, 50, 32, 64);
        _outputGrad = rng.Uniform<float>(-1, 1, 50, 32, 128);
    }

    /// <summary>Forward, backward and one Adam update.</summary>
    [Benchmark]
    public void ForwardBackwardAdam()
    {
        _adam.ZeroGrad();
        _lstm.Forward(_input);
        _lstm.Backward(_outputGrad);
        _adam.Step();
    }
}
