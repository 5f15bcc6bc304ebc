using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using TorchSharp;
using TorchSharp.Modules;

namespace RnnLabs.Benchmarks;

/// <summary>
/// One forward+backward batch of a single-layer float32 recurrent layer, from scratch (RnnLabs) and in TorchSharp,
/// on the same input and the same gradient on every output step. Gradients are zeroed before each batch on both
/// sides, so both do the same work as a training step without the optimizer. Both compute ∂L/∂x as well: the
/// from-scratch Backward always returns it, so the TorchSharp input requires its gradient (otherwise libtorch skips
/// the [T·B, G·H]·[G·H, I] product, a ninth of the FLOPs the table counts).
/// </summary>
public sealed class RecurrentWorkload : IDisposable
{
    private readonly RecurrentLayer<float> _layer;
    private readonly Parameter<float>[] _parameters;
    private readonly Tensor<float> _input;
    private readonly Tensor<float> _outputGrad;
    private readonly torch.nn.Module _module;
    private readonly torch.Tensor _torchInput;
    private readonly torch.Tensor _torchOutputGrad;

    /// <summary>Builds both layers and a fixed random batch from seed 1.</summary>
    public RecurrentWorkload(RecurrentKind kind, RecurrentConfig config)
    {
        var rng = new Rng(1);
        var options = new RecurrentOptions(config.Input, config.Hidden);
        _layer = kind switch
        {
            RecurrentKind.Lstm => new Lstm<float>(options, rng),
            RecurrentKind.Gru => new Gru<float>(options, rng),
            _ => new Rnn<float>(options, rng),
        };

        // As the Trainer does: results are consumed before the next call, so the layer may overwrite them.
        _layer.ReuseResultBuffers = true;
        _parameters = [.. ((ILayer<float>)_layer).Parameters()];
        _input = rng.Uniform<float>(-1, 1, config.Steps, config.Batch, config.Input);
        _outputGrad = rng.Uniform<float>(-1, 1, config.Steps, config.Batch, config.Hidden);
        _module = kind switch
        {
            RecurrentKind.Lstm => torch.nn.LSTM(config.Input, config.Hidden),
            RecurrentKind.Gru => torch.nn.GRU(config.Input, config.Hidden),
            _ => torch.nn.RNN(config.Input, config.Hidden),
        };
        _torchInput = torch.tensor(_input.AsSpan().ToArray(), [config.Steps, config.Batch, config.Input]);
        _torchOutputGrad = torch.tensor(_outputGrad.AsSpan().ToArray(), [config.Steps, config.Batch, config.Hidden]);
    }

    /// <summary>RnnLabs: zero the gradients, Forward(input), Backward(outputGrad).</summary>
    public void FromScratch()
    {
        foreach (var parameter in _parameters)
        {
            parameter.ZeroGrad();
        }

        _layer.Forward(_input);
        _layer.Backward(_outputGrad);
    }

    /// <summary>
    /// TorchSharp: zero the gradients, forward, backward with the same output gradient, in a dispose scope. The input is
    /// a fresh leaf that requires its gradient (sharing the data), so ∂L/∂x is a new tensor each call, as from scratch.
    /// </summary>
    public void TorchSharp()
    {
        using var scope = torch.NewDisposeScope();
        _module.zero_grad();
        var input = _torchInput.detach().requires_grad_(true);
        var output = _module switch
        {
            LSTM lstm => lstm.call(input, null).Item1,
            GRU gru => gru.call(input, null).Item1,
            RNN rnn => rnn.call(input, null).Item1,
            _ => throw new InvalidOperationException($"unexpected module {_module.GetType().Name}"),
        };
        output.backward([_torchOutputGrad]);
        if (input.grad is null)
        {
            throw new InvalidOperationException("TorchSharp backward left no gradient on the input");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _torchInput.Dispose();
        _torchOutputGrad.Dispose();
        _module.Dispose();
    }
}
