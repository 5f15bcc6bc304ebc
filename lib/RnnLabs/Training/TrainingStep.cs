using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// One optimizer step of the <see cref="Trainer{T}"/>: set η, forward, loss, backward, refuse non-finite values,
/// measure and clip the global norm, update, record. The equations are on <see cref="Trainer{T}"/>.
/// </summary>
internal sealed class TrainingStep<T>(
    ILayer<T> model, ILoss<T> loss, IOptimizer<T> optimizer, TrainerOptions options, (string Name, Parameter<T> Parameter)[] parameters)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Runs the step on <paramref name="batch"/> and advances <paramref name="context"/> to it.</summary>
    public void Run(Batch<T> batch, TrainerContext<T> context)
    {
        int step = context.Step + 1;
        double learningRate = NextLearningRate();
        foreach (var (_, p) in parameters)
        {
            p.ZeroGrad();
        }

        var output = Forward(model, batch, training: true, "trainBatches");
        if (!output.AllFinite())
        {
            // Checked here, not left to the loss: an exploding model is a training failure, not a bad argument.
            throw Divergence.OutputNotFinite(step, context, learningRate, parameters);
        }

        var result = loss.Compute(output, batch.Target, batch.Mask);
        if (!double.IsFinite(result.Value))
        {
            throw Divergence.LossNotFinite(step, context, result.Value, learningRate, parameters);
        }

        model.Backward(result.Gradient);
        double sumOfSquares = 0;
        List<(string Name, Tensor<T> Gradient)>? bad = null;
        foreach (var (name, p) in parameters)
        {
            double ss = GradientClipping.SumOfSquares(p.Grad);
            if (double.IsFinite(ss))
            {
                sumOfSquares += ss;
            }
            else
            {
                (bad ??= []).Add((name, p.Grad));
            }
        }

        if (bad is not null || !double.IsFinite(sumOfSquares))
        {
            throw Divergence.GradientNotFinite(step, context, result.Value, learningRate, bad ?? [], parameters);
        }

        double norm = Math.Sqrt(sumOfSquares);
        if (options.ClipNorm is double clip)
        {
            // The norm is already summed (per parameter, to name non-finite ones), so only the scaling is shared.
            GradientClipping.ScaleToMaxNorm(parameters.Select(p => p.Parameter), norm, clip);
        }

        optimizer.Step();
        context.History.Add(new StepRecord(step, context.Epoch, result.Value, norm, learningRate));
        context.Step = step;
        context.Loss = result.Value;
        context.GradNorm = norm;
        context.LearningRate = learningRate;
    }

    /// <summary>The model's output for <paramref name="batch"/>, passing its lengths to a sequence model.</summary>
    public static Tensor<T> Forward(ILayer<T> model, Batch<T> batch, bool training, string argument)
    {
        if (batch.Lengths is null)
        {
            return model.Forward(batch.Input, training);
        }

        if (model is ISequenceLayer<T> sequenceModel)
        {
            return sequenceModel.Forward(batch.Input, batch.Lengths, training);
        }

        throw new ArgumentException(
            $"Trainer {argument}: a batch has Lengths, so expected a model implementing ISequenceLayer<{typeof(T).Name}>, got {model.GetType().Name}",
            argument);
    }

    private double NextLearningRate()
    {
        if (options.LearningRateSchedule is not { } schedule)
        {
            return optimizer.LearningRate;
        }

        double lr = schedule(optimizer.StepCount);
        if (!double.IsFinite(lr) || lr < 0)
        {
            throw new InvalidOperationException(
                $"TrainerOptions.LearningRateSchedule: expected a finite learning rate ≥ 0, got {lr} for optimizer step {optimizer.StepCount}");
        }

        optimizer.LearningRate = lr;
        return lr;
    }
}
