using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;

namespace RnnLabs.Torch;

/// <summary>
/// The TorchSharp twin of the course's small models, an RnnLabs <c>Sequential { recurrent layer, Dense }</c>:
/// <code>
/// features = recurrent(x)                  [T, B, D·H], or the top layer's h_n [B, D·H] without return-sequences
/// ŷ        = features·Wᵀ + b               (nn.Linear)
/// </code>
/// The two submodules are registered as <c>0</c> and <c>1</c>, so <c>state_dict()</c> names equal the RnnLabs
/// ones (<c>0.weight_ih_l0</c>, <c>1.weight</c>) and weights and checkpoints move by name.
/// </summary>
public sealed class TorchSequenceModel : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    [ComponentName(Name = "0")]
    private readonly torch.nn.Module _recurrent;

    [ComponentName(Name = "1")]
    private readonly Linear _head;

    private TorchSequenceModel(torch.nn.Module recurrent, Linear head, RecurrentOptions options)
        : base(nameof(TorchSequenceModel))
    {
        _recurrent = recurrent;
        _head = head;
        Options = options;
        RegisterComponents();
    }

    /// <summary>The configuration of the recurrent layer this model mirrors.</summary>
    public RecurrentOptions Options { get; }

    /// <summary>
    /// Builds the twin of <paramref name="model"/>, which must be a <see cref="Sequential{T}"/> of exactly an
    /// <see cref="Rnn{T}"/>, <see cref="Lstm{T}"/> or <see cref="Gru{T}"/> followed by a <see cref="Dense{T}"/>,
    /// in the dtype of <typeparamref name="T"/>, and copies the model's weights into it.
    /// </summary>
    /// <exception cref="ArgumentException">The model has another structure.</exception>
    public static TorchSequenceModel From<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not [RecurrentLayer<T> recurrent, Dense<T> dense])
        {
            throw new ArgumentException(
                $"model: expected Sequential {{ Rnn | Lstm | Gru, Dense }}, got Sequential {{ {string.Join(", ", model.Select(l => l.GetType().Name.Split('`')[0]))} }}",
                nameof(model));
        }

        var head = torch.nn.Linear(dense.InFeatures, dense.OutFeatures, hasBias: true, dtype: TensorBridge.DType<T>());
        var twin = new TorchSequenceModel(TorchRecurrent.Create(recurrent), head, recurrent.Options);
        ParameterTransfer.ToTorch(model.NamedParameters(), twin);
        return twin;
    }

    /// <summary>ŷ for x <c>[T, B, I]</c>. Call it inside <c>torch.NewDisposeScope()</c>: intermediates are left to the scope.</summary>
    public override torch.Tensor forward(torch.Tensor input)
    {
        var (features, _, _) = TorchRecurrent.Forward(_recurrent, Options, input, null, null);
        return _head.call(features);
    }

    /// <summary>Frees the submodules' native memory.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _recurrent.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
