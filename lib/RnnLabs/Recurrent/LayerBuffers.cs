using System.Numerics;
using RnnLabs.Diagnostics;
using RnnLabs.Tensors;

namespace RnnLabs.Recurrent;

/// <summary>
/// What a <see cref="RecurrentLayer{T}"/> keeps between calls besides its passes: the outputs and input gradients
/// of the layers inside the stack, ∂L/∂h_n, and (while <see cref="Reuse"/> is on) the results it returned, so a
/// call with the same (T, B) as the previous one allocates nothing. A buffer is replaced when its shape changes.
/// </summary>
internal sealed class LayerBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentOptions _options;
    private readonly int _states;
    private readonly bool _hasCellState;
    private readonly Tensor<T>?[] _layerOutputs;
    private readonly Tensor<T>?[] _layerInputGrads;
    private Tensor<T>? _finalHiddenGrad;
    private RecurrentOutput<T>? _output;
    private RecurrentGradients<T>? _gradients;
    private HiddenGradientNorms? _norms;
    private bool _reuse;

    /// <summary>Buffers for a layer built with <paramref name="options"/>.</summary>
    public LayerBuffers(RecurrentOptions options, bool hasCellState)
    {
        _options = options;
        _states = options.NumLayers * options.NumDirections;
        _hasCellState = hasCellState;
        _layerOutputs = new Tensor<T>?[options.NumLayers];
        _layerInputGrads = new Tensor<T>?[options.NumLayers];
    }

    /// <summary>Whether results are kept and returned again; turning it off forgets the kept ones.</summary>
    public bool Reuse
    {
        get => _reuse;
        set
        {
            _reuse = value;
            if (!value)
            {
                _output = null;
                _gradients = null;
                _norms = null;
            }
        }
    }

    private int Width => _options.NumDirections * _options.HiddenSize;

    /// <summary>y of <paramref name="layer"/> when it is not the returned output, [T, B, D·H].</summary>
    public Tensor<T> LayerOutput(int layer, int steps, int batch) => Workspace(_layerOutputs, layer, steps, batch, Width);

    /// <summary>∂L/∂x of <paramref name="layer"/> ≥ 1, [T, B, D·H].</summary>
    public Tensor<T> LayerInputGrad(int layer, int steps, int batch) => Workspace(_layerInputGrads, layer, steps, batch, Width);

    /// <summary>∂L/∂h_n of every (layer, direction), [L·D, B, H].</summary>
    public Tensor<T> FinalHiddenGrad(int batch) =>
        _finalHiddenGrad is { } kept && kept.Size(1) == batch
            ? kept
            : _finalHiddenGrad = new Tensor<T>(_states, batch, _options.HiddenSize);

    /// <summary>What Forward returns: the kept result when reusing and the shapes match, else new tensors.</summary>
    public RecurrentOutput<T> ForwardResult(int steps, int batch)
    {
        if (_output is { } kept && kept.HiddenState.Size(1) == batch && (!_options.ReturnSequences || kept.Output.Size(0) == steps))
        {
            return kept;
        }

        var result = new RecurrentOutput<T>(
            _options.ReturnSequences ? new Tensor<T>(steps, batch, Width) : new Tensor<T>(batch, Width),
            new Tensor<T>(_states, batch, _options.HiddenSize),
            _hasCellState ? new Tensor<T>(_states, batch, _options.HiddenSize) : null);
        _output = Reuse ? result : null;
        return result;
    }

    /// <summary>What Backward returns: the kept result when reusing and the shapes match, else new tensors.</summary>
    public RecurrentGradients<T> BackwardResult(int steps, int batch)
    {
        if (_gradients is { } kept && kept.Input.Size(0) == steps && kept.Input.Size(1) == batch)
        {
            return kept;
        }

        var result = new RecurrentGradients<T>(
            new Tensor<T>(steps, batch, _options.InputSize),
            new Tensor<T>(_states, batch, _options.HiddenSize),
            _hasCellState ? new Tensor<T>(_states, batch, _options.HiddenSize) : null);
        _gradients = Reuse ? result : null;
        return result;
    }

    /// <summary>Where Backward records ‖∂L/∂h_t‖₂: the kept norms when reusing and T matches, else new ones.</summary>
    public HiddenGradientNorms Norms(int steps)
    {
        if (_norms is { } kept && kept.Fits(_options.NumLayers, _options.NumDirections, steps))
        {
            return kept;
        }

        var norms = new HiddenGradientNorms(_options.NumLayers, _options.NumDirections, steps);
        _norms = Reuse ? norms : null;
        return norms;
    }

    private static Tensor<T> Workspace(Tensor<T>?[] buffers, int layer, int steps, int batch, int width) =>
        buffers[layer] is { } kept && kept.Size(0) == steps && kept.Size(1) == batch
            ? kept
            : buffers[layer] = new Tensor<T>(steps, batch, width);
}
