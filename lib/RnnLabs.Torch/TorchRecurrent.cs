using System.Numerics;
using RnnLabs.Recurrent;
using TorchSharp;
using TorchSharp.Modules;

namespace RnnLabs.Torch;

/// <summary>
/// Builds and runs the TorchSharp module (<c>nn.RNN</c>, <c>nn.LSTM</c>, <c>nn.GRU</c>) that mirrors an RnnLabs
/// <see cref="RecurrentLayer{T}"/>, hiding that the three modules take their initial states differently.
/// </summary>
internal static class TorchRecurrent
{
    /// <summary>The module's name as PyTorch prints it, e.g. <c>nn.LSTM</c>.</summary>
    public static string Describe(torch.nn.Module module) => module switch
    {
        RNN => "nn.RNN",
        LSTM => "nn.LSTM",
        GRU => "nn.GRU",
        _ => module.GetType().Name,
    };

    /// <summary>
    /// A new module with the layer's sizes, layers, directions, dropout and (RNN) nonlinearity, <c>batch_first=False</c>,
    /// in the dtype of <typeparamref name="T"/>. Its weights are torch's own random ones until copied over.
    /// </summary>
    /// <exception cref="ArgumentException">The layer is not an <see cref="Rnn{T}"/>, <see cref="Lstm{T}"/> or <see cref="Gru{T}"/>.</exception>
    public static torch.nn.Module Create<T>(RecurrentLayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var o = layer.Options;
        var dtype = TensorBridge.DType<T>();
        return layer switch
        {
            Rnn<T> => torch.nn.RNN(o.InputSize, o.HiddenSize, o.NumLayers,
                o.Nonlinearity == RnnNonlinearity.Relu ? torch.nn.NonLinearities.ReLU : torch.nn.NonLinearities.Tanh,
                bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, dtype: dtype),
            Lstm<T> => torch.nn.LSTM(o.InputSize, o.HiddenSize, o.NumLayers,
                bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, dtype: dtype),
            Gru<T> => torch.nn.GRU(o.InputSize, o.HiddenSize, o.NumLayers,
                bias: true, batchFirst: false, dropout: o.Dropout, bidirectional: o.Bidirectional, dtype: dtype),
            _ => throw new ArgumentException(
                $"layer: expected an Rnn, Lstm or Gru (TorchSharp has twins for those), got {layer.GetType().Name}", nameof(layer)),
        };
    }

    /// <summary>
    /// Runs <paramref name="module"/> over x <c>[T, B, I]</c> and returns what the RnnLabs layer returns: the output
    /// (every step <c>[T, B, D·H]</c>, or the top layer's h_n <c>[B, D·H]</c> without return-sequences), h_n and (LSTM) c_n.
    /// A null h0 or c0 means zeros, as in RnnLabs; an LSTM given only one of them gets zeros for the other.
    /// Call it inside a dispose scope: intermediate tensors are left to the scope.
    /// </summary>
    public static (torch.Tensor Output, torch.Tensor HiddenState, torch.Tensor? CellState) Forward(
        torch.nn.Module module, RecurrentOptions options, torch.Tensor input, torch.Tensor? h0, torch.Tensor? c0)
    {
        torch.Tensor sequence, hidden;
        torch.Tensor? cell = null;
        switch (module)
        {
            case RNN rnn:
                (sequence, hidden) = rnn.call(input, h0);
                break;
            case GRU gru:
                (sequence, hidden) = gru.call(input, h0);
                break;
            case LSTM lstm:
                var states = h0 is null && c0 is null ? ((torch.Tensor, torch.Tensor)?)null
                    : (h0 ?? torch.zeros_like(c0!), c0 ?? torch.zeros_like(h0!));
                (sequence, hidden, cell) = lstm.call(input, states);
                break;
            default:
                throw new ArgumentException($"module: expected nn.RNN, nn.LSTM or nn.GRU, got {module.GetType().Name}", nameof(module));
        }

        return (options.ReturnSequences ? sequence : TopFinalState(hidden, options), hidden, cell);
    }

    /// <summary>[h_n(top, forward), h_n(top, reverse)] per sequence: h_n <c>[L·D, B, H]</c> → <c>[B, D·H]</c>, as RnnLabs.</summary>
    private static torch.Tensor TopFinalState(torch.Tensor hidden, RecurrentOptions options)
    {
        int directions = options.NumDirections;
        using var top = hidden.narrow(0, (options.NumLayers - 1) * directions, directions);
        using var batchMajor = top.transpose(0, 1);
        return batchMajor.reshape(batchMajor.shape[0], directions * options.HiddenSize);
    }
}
