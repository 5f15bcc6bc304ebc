using System.Collections.ObjectModel;
using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>
/// What <see cref="Sgd{T}"/>, <see cref="RmsProp{T}"/>, <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share:
/// the parameter list, the learning rate, the step counter t, and buffers allocated once at construction
/// so that <see cref="Step"/> never allocates.
/// </summary>
public abstract class Optimizer<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;
    private readonly T[][] _scratch;
    private double _learningRate;

    /// <summary>Checks and stores the parameters and the initial learning rate.</summary>
    /// <param name="parameters">The parameters to update: at least one, none twice.</param>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="scratchBuffers">How many temporaries, each as long as the largest parameter, an update needs.</param>
    /// <exception cref="ArgumentException">The list is empty or holds a parameter twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and &gt; 0.</exception>
    protected Optimizer(IEnumerable<Parameter<T>> parameters, double learningRate, int scratchBuffers)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException($"{Name} parameters: expected at least one parameter, got an empty list", nameof(parameters));
        }

        var seen = new HashSet<Parameter<T>>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null)
            {
                throw new ArgumentException($"{Name} parameters: expected no null entries, got null at index {i}", nameof(parameters));
            }

            // A parameter listed twice would be updated twice per step with one gradient.
            if (!seen.Add(_parameters[i]))
            {
                throw new ArgumentException(
                    $"{Name} parameters: expected each parameter once, got '{_parameters[i].Name}' again at index {i}", nameof(parameters));
            }
        }

        HyperParameter.Positive(learningRate, Name, nameof(LearningRate));
        _learningRate = learningRate;
        Parameters = new ReadOnlyCollection<Parameter<T>>(_parameters);
        int longest = _parameters.Max(p => p.Value.Length);
        _scratch = new T[scratchBuffers][];
        for (int k = 0; k < scratchBuffers; k++)
        {
            _scratch[k] = new T[longest];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>
    /// The learning rate lr of the next <see cref="Step"/>. Finite and ≥ 0 (a schedule may anneal it to 0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            HyperParameter.NonNegative(value, Name, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <inheritdoc />
    public int StepCount { get; private set; }

    /// <summary>The optimizer's name for messages, e.g. <c>Adam</c>.</summary>
    protected string Name => GetType().Name.Split('`')[0];

    /// <summary>Applies one update to every parameter from its current gradient; t becomes <see cref="StepCount"/> + 1.</summary>
    public void Step()
    {
        int t = StepCount + 1;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Update(i, t, _parameters[i].Value.AsSpan(), _parameters[i].Grad.AsSpan());
        }

        StepCount = t;
    }

    /// <inheritdoc />
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    /// <param name="index">Position in <see cref="Parameters"/>, for per-parameter state.</param>
    /// <param name="t">1-based number of this step (t = 1 on the first call).</param>
    /// <param name="value">θ, updated in place.</param>
    /// <param name="grad">g = ∂L/∂θ; left unchanged.</param>
    protected abstract void Update(int index, int t, Span<T> value, ReadOnlySpan<T> grad);

    /// <summary>Temporary <paramref name="buffer"/> (0-based, fewer than the count given to the constructor), first <paramref name="length"/> elements.</summary>
    protected Span<T> Scratch(int buffer, int length) => _scratch[buffer].AsSpan(0, length);

    /// <summary>One zero-filled state buffer per parameter, each as long as that parameter.</summary>
    protected T[][] NewState() => _parameters.Select(p => new T[p.Value.Length]).ToArray();
}
