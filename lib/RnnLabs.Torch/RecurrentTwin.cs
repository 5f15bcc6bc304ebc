using System.Numerics;
using RnnLabs.Recurrent;
using TorchSharp;

namespace RnnLabs.Torch;

/// <summary>
/// The TorchSharp twin of an RnnLabs <see cref="Rnn{T}"/>, <see cref="Lstm{T}"/> or <see cref="Gru{T}"/>: an
/// <c>nn.RNN</c> / <c>nn.LSTM</c> / <c>nn.GRU</c> with the same input and hidden size, layers, directions, dropout and
/// (RNN) nonlinearity, <c>batch_first=False</c>, in the dtype of <typeparamref name="T"/>, holding the layer's weights.
/// Both lay out gates as PyTorch does (LSTM i, f, g, o; GRU r, z, n with b_hn inside r ⊙ (W_hn h + b_hn)), so the
/// weights move by name without any reshuffling.
/// </summary>
public sealed class RecurrentTwin<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Builds the module and copies the layer's current weights into it.</summary>
    /// <exception cref="ArgumentException">The layer is not an Rnn, Lstm or Gru.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public RecurrentTwin(RecurrentLayer<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = layer;
        Module = TorchRecurrent.Create(layer);
        CopyToTorch();
    }

    /// <summary>The RnnLabs layer.</summary>
    public RecurrentLayer<T> Layer { get; }

    /// <summary>The TorchSharp module (<c>TorchSharp.Modules.RNN</c>, <c>LSTM</c> or <c>GRU</c>), owned by this twin.</summary>
    public torch.nn.Module Module { get; }

    /// <summary>RnnLabs → torch: overwrites the module's weights with the layer's, by PyTorch name.</summary>
    public void CopyToTorch() => ParameterTransfer.ToTorch(Layer.NamedParameters(), Module);

    /// <summary>torch → RnnLabs: overwrites the layer's weights with the module's, by PyTorch name.</summary>
    public void CopyFromTorch() => ParameterTransfer.FromTorch(Module, Layer.NamedParameters());

    /// <summary>
    /// Runs the module as the layer's Forward would: output (every step, or the top layer's h_n <c>[B, D·H]</c>
    /// without return-sequences), h_n, and c_n for an LSTM. Call it inside <c>torch.NewDisposeScope()</c>.
    /// </summary>
    /// <param name="input">x, <c>[T, B, I]</c>.</param>
    /// <param name="h0">Initial hidden states <c>[L·D, B, H]</c> (null: zeros).</param>
    /// <param name="c0">Initial cell states of an LSTM (null: zeros).</param>
    public (torch.Tensor Output, torch.Tensor HiddenState, torch.Tensor? CellState) Forward(
        torch.Tensor input, torch.Tensor? h0 = null, torch.Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TorchRecurrent.Forward(Module, Layer.Options, input, h0, c0);
    }

    /// <summary>
    /// One forward and backward pass through the module in evaluation mode (no dropout) on <paramref name="inputs"/>,
    /// backpropagating L = Σ output ⊙ OutputGrad + Σ h_n ⊙ HiddenStateGrad + Σ c_n ⊙ CellStateGrad; every tensor
    /// it made is disposed before it returns.
    /// </summary>
    public RecurrentRun<T> Run(ParityInputs<T> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = torch.NewDisposeScope();
        Module.eval();
        Module.zero_grad();
        var x = inputs.Input.ToTorch(requiresGrad: true);
        var h0 = inputs.InitialHiddenState?.ToTorch(requiresGrad: true);
        var c0 = inputs.InitialCellState?.ToTorch(requiresGrad: true);
        var (output, hidden, cell) = Forward(x, h0, c0);
        var loss = (output * inputs.OutputGrad.ToTorch()).sum();
        if (inputs.HiddenStateGrad is not null)
        {
            loss = loss + (hidden * inputs.HiddenStateGrad.ToTorch()).sum();
        }

        if (inputs.CellStateGrad is not null && cell is not null)
        {
            loss = loss + (cell * inputs.CellStateGrad.ToTorch()).sum();
        }

        loss.backward();
        return new RecurrentRun<T>(
            output.ToRnnLabs<T>(),
            hidden.ToRnnLabs<T>(),
            cell?.ToRnnLabs<T>(),
            x.grad!.ToRnnLabs<T>(),
            h0?.grad?.ToRnnLabs<T>(),
            c0?.grad?.ToRnnLabs<T>(),
            ParameterTransfer.Gradients<T>(Module));
    }

    /// <summary>Frees the module's native memory.</summary>
    public void Dispose() => Module.Dispose();

    /// <summary>E.g. <c>nn.LSTM twin of Lstm(4, 6, numLayers: 2, bidirectional)</c>.</summary>
    public override string ToString() => $"{TorchRecurrent.Describe(Module)} twin of {Layer}";
}
