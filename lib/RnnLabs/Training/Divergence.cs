using System.Globalization;
using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Training;

/// <summary>
/// Builds the <see cref="TrainingDivergedException"/> for a refused step: where (step, epoch), what (the loss or
/// which parameters' gradients), and what to try next (clipping, a lower learning rate).
/// </summary>
internal static class Divergence
{
    public static TrainingDivergedException LossNotFinite<T>(
        int step, TrainerContext<T> context, double loss, double learningRate, (string Name, Parameter<T> Parameter)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A non-finite loss often means an earlier update already pushed a weight to ±∞: say which.
        var broken = parameters.Where(p => !p.Parameter.Value.AllFinite()).Select(p => $"'{p.Name}'").ToArray();
        string values = broken.Length > 0 ? $"; parameter values already non-finite: {string.Join(", ", broken)}" : "";
        return Create(step, context, $"the loss is {Text(loss)}{values}", ["loss"], learningRate);
    }

    public static TrainingDivergedException OutputNotFinite<T>(
        int step, TrainerContext<T> context, double learningRate, (string Name, Parameter<T> Parameter)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var broken = parameters.Where(p => !p.Parameter.Value.AllFinite()).Select(p => $"'{p.Name}'").ToArray();
        string values = broken.Length > 0
            ? $"; parameter values already non-finite: {string.Join(", ", broken)}"
            : "; every parameter is still finite, so activations overflowed (exploding forward pass)";
        return Create(step, context, $"the model's output is not finite{values}", ["output"], learningRate);
    }

    public static TrainingDivergedException GradientNotFinite<T>(
        int step, TrainerContext<T> context, double loss, double learningRate, List<(string Name, Tensor<T> Gradient)> bad,
        (string Name, Parameter<T> Parameter)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bad.Count == 0)
        {
            return Create(
                step, context, $"the global gradient norm overflows (Σ_p ‖g_p‖² is not finite; loss {Text(loss)})",
                parameters.Select(p => p.Name).ToArray(), learningRate);
        }

        var described = bad.Select(b => $"'{b.Name}' ({DescribeNonFinite(b.Gradient)})");
        string what = bad.Count == 1
            ? $"the gradient of parameter {described.First()} is not finite (loss {Text(loss)})"
            : $"the gradients of parameters {string.Join(", ", described)} are not finite (loss {Text(loss)})";
        return Create(step, context, what, bad.Select(b => b.Name).ToArray(), learningRate);
    }

    private static TrainingDivergedException Create<T>(
        int step, TrainerContext<T> context, string what, string[] culprits, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var steps = context.History.Steps;
        string lastNorm = steps.Count > 0 ? $"; the last good step's gradient norm was {Text(steps[^1].GradNorm)}" : "";
        string clipping = context.Options.ClipNorm is double clip
            ? $"a smaller gradient clipping threshold (TrainerOptions.ClipNorm, now {Text(clip)}{lastNorm})"
            : $"gradient clipping (TrainerOptions.ClipNorm, e.g. 1.0{lastNorm})";
        string message =
            $"Training diverged at step {step} (epoch {context.Epoch}): {what}. The update was refused, so the parameters " +
            $"keep their values from before step {step}. Try {clipping} or a lower learning rate (this step used {Text(learningRate)}).";
        return new TrainingDivergedException(message, step, context.Epoch, culprits, context.History);
    }

    /// <summary>
    /// Where a gradient stops being usable: the first NaN/∞ element, or, when every element is finite, the
    /// overflow of its squared norm.
    /// </summary>
    private static string DescribeNonFinite<T>(Tensor<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = gradient.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (!T.IsFinite(span[i]))
            {
                return $"{span[i]} at flat index {i} of {gradient.ShapeString}";
            }
        }

        return $"its squared norm overflows (max |g| = {TensorPrimitives.MaxMagnitude<T>(span)})";
    }

    private static string Text(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
