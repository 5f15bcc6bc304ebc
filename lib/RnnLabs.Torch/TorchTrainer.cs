using System.Numerics;
using RnnLabs.Optim;
using RnnLabs.Training;
using TorchSharp;

namespace RnnLabs.Torch;

/// <summary>
/// The TorchSharp counterpart of <see cref="Trainer{T}"/> for the course's small tasks, so a notebook can train
/// both side by side on the same batches with the same settings. Each step, for a batch (x, y):
/// <code>
/// ŷ        = model(x)                         (training mode)
/// L        = loss(ŷ, y)                       refuse the step if L is not finite
/// g        = ∂L/∂θ                            (loss.backward(), gradients zeroed first)
/// ‖g‖      = √(Σ_p ‖g_p‖²)                    recorded before clipping
/// g       ← g · ClipNorm / (‖g‖ + 1e-6)       if ‖g‖ &gt; ClipNorm   (torch.nn.utils.clip_grad_norm_)
/// θ       ← torch.optim.Adam step             (same lr, β₁, β₂, ε, weight decay as <see cref="Adam{T}"/>)
/// </code>
/// Every step runs in its own dispose scope, so no tensor outlives it, and TorchSharp's undisposed Scalars are
/// collected every few steps: memory stays flat however long training runs.
/// Batches with a mask or variable lengths are not supported (the twins run full-length sequences).
/// </summary>
public sealed class TorchTrainer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int ScalarCollectionInterval = 10;

    private readonly TorchSharp.Modules.Parameter[] _parameters;
    private readonly torch.optim.Optimizer _optimizer;
    private readonly Func<torch.Tensor, torch.Tensor, torch.Tensor> _loss;

    /// <summary>Creates the trainer and its Adam optimizer over every parameter of <paramref name="model"/>.</summary>
    /// <param name="model">The model, e.g. <see cref="TorchSequenceModel.From{T}"/>; the caller keeps ownership.</param>
    /// <param name="adam">Adam's settings, the same record <see cref="Adam{T}"/> takes (null: defaults).</param>
    /// <param name="clipNorm">Clip by global norm (null: no clipping), as <see cref="TrainerOptions.ClipNorm"/>.</param>
    /// <param name="loss">L(ŷ, y) as a scalar tensor (null: mean squared error, <c>nn.functional.mse_loss</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipNorm"/> is not finite and &gt; 0.</exception>
    public TorchTrainer(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        AdamOptions? adam = null,
        double? clipNorm = null,
        Func<torch.Tensor, torch.Tensor, torch.Tensor>? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (clipNorm is double clip && !(double.IsFinite(clip) && clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clip, $"TorchTrainer clipNorm: expected a finite value > 0, got {clip}");
        }

        Model = model;
        Adam = adam ?? new AdamOptions();
        ClipNorm = clipNorm;
        _loss = loss ?? ((prediction, target) => torch.nn.functional.mse_loss(prediction, target));
        _parameters = model.parameters().ToArray();
        _optimizer = torch.optim.Adam(_parameters, Adam.LearningRate, Adam.Beta1, Adam.Beta2, Adam.Eps, Adam.WeightDecay);
    }

    /// <summary>The model being trained.</summary>
    public torch.nn.Module<torch.Tensor, torch.Tensor> Model { get; }

    /// <summary>The optimizer's settings.</summary>
    public AdamOptions Adam { get; }

    /// <summary>The global-norm clipping threshold, or null.</summary>
    public double? ClipNorm { get; }

    /// <summary>Number of updates done so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>One update on <paramref name="batch"/>; returns its record (loss before the update, norm before clipping).</summary>
    /// <param name="batch">Input <c>[T, B, I]</c> and target shaped like the model's output.</param>
    /// <param name="epoch">The epoch to record the step under.</param>
    /// <exception cref="NotSupportedException">The batch has a mask or lengths.</exception>
    /// <exception cref="InvalidOperationException">The loss or gradient norm is not finite; the parameters were not updated.</exception>
    public StepRecord Step(Batch<T> batch, int epoch = 1)
    {
        CheckBatch(batch, nameof(batch));
        using var scope = torch.NewDisposeScope();
        Model.train();
        _optimizer.zero_grad();
        var loss = _loss(Model.call(batch.Input.ToTorch()), batch.Target.ToTorch());
        double value = loss.ToDouble();
        loss.backward();
        double norm = ClipNorm is double clip
            ? torch.nn.utils.clip_grad_norm_(_parameters, clip)
            : GlobalNorm();
        if (!double.IsFinite(value) || !double.IsFinite(norm))
        {
            throw new InvalidOperationException(
                $"TorchTrainer step {StepCount + 1}: expected a finite loss and gradient norm, got loss {value} and ‖g‖ {norm}; parameters not updated");
        }

        _optimizer.step();
        StepCount++;

        // torch.optim.Adam in TorchSharp 0.107 turns β₁, 1 − β₁, ε, the step size... into native Scalars it never
        // disposes (dotnet/TorchSharp#1496). Each holds about a kilobyte the GC cannot see, and a step allocates too
        // little managed memory to ever start a collection, so resident memory would climb by ~0.1 MB a step; a
        // gen-0 collection now and then hands them to their finalizers.
        if (StepCount % ScalarCollectionInterval == 0)
        {
            GC.Collect(0);
        }

        return new StepRecord(StepCount, epoch, value, norm, Adam.LearningRate);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes, one <see cref="Step"/> per batch, and returns every step's record,
    /// the same rows <see cref="TrainingHistory.Steps"/> holds for an RnnLabs run.
    /// </summary>
    /// <param name="trainBatches">Epoch (1-based) → that epoch's batches, as <see cref="Trainer{T}.Fit"/> takes them.</param>
    /// <param name="epochs">Number of passes (≥ 1).</param>
    public IReadOnlyList<StepRecord> Fit(Func<int, IEnumerable<Batch<T>>> trainBatches, int epochs = 1)
    {
        ArgumentNullException.ThrowIfNull(trainBatches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var records = new List<StepRecord>();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            foreach (var batch in trainBatches(epoch))
            {
                records.Add(Step(batch, epoch));
            }
        }

        return records;
    }

    /// <summary>Mean loss over <paramref name="batches"/> in evaluation mode without gradients, each batch weighted by its target's size.</summary>
    /// <exception cref="ArgumentException">There is no batch.</exception>
    public double Evaluate(IEnumerable<Batch<T>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        double sum = 0;
        double count = 0;
        foreach (var batch in batches)
        {
            CheckBatch(batch, nameof(batches));
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            Model.eval();
            sum += _loss(Model.call(batch.Input.ToTorch()), batch.Target.ToTorch()).ToDouble() * batch.Target.Length;
            count += batch.Target.Length;
        }

        return count > 0 ? sum / count
            : throw new ArgumentException("TorchTrainer.Evaluate batches: expected at least one batch, got none", nameof(batches));
    }

    /// <summary>Frees the optimizer's state (the model belongs to the caller).</summary>
    public void Dispose() => _optimizer.Dispose();

    private static void CheckBatch(Batch<T> batch, string argument)
    {
        ArgumentNullException.ThrowIfNull(batch, argument);
        if (batch.Mask is not null || batch.Lengths is not null)
        {
            throw new NotSupportedException(
                $"TorchTrainer {argument}: expected full-length batches without a mask, got a batch with {(batch.Mask is not null ? "a mask" : "lengths")}");
        }
    }

    /// <summary>‖g‖ = √(Σ_p ‖g_p‖²) in double, as RnnLabs records it.</summary>
    private double GlobalNorm()
    {
        double sumOfSquares = 0;
        foreach (var p in _parameters)
        {
            using var scope = torch.NewDisposeScope();
            var grad = p.grad;
            if (grad is not null)
            {
                sumOfSquares += grad.to_type(torch.ScalarType.Float64).square().sum().ToDouble();
            }
        }

        return Math.Sqrt(sumOfSquares);
    }
}
