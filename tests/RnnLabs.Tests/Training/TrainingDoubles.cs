using RnnLabs.Layers;
using RnnLabs.Losses;
using RnnLabs.Optim;
using RnnLabs.Tensors;
using RnnLabs.Training;

namespace RnnLabs.Tests.Training;

/// <summary>ŷ = w·x + b element-wise, with scalar w ("weight") and b ("bias"); records every training flag it is given.</summary>
internal class LinearModel : ILayer<double>
{
    private Tensor<double>? _input;

    public LinearModel(double w = 0, double b = 0)
    {
        Weight = new Parameter<double>("weight", Tensor<double>.FromArray([w], 1));
        Bias = new Parameter<double>("bias", Tensor<double>.FromArray([b], 1));
    }

    public Parameter<double> Weight { get; }

    public Parameter<double> Bias { get; }

    public double W => Weight.Value.At(0);

    public double B => Bias.Value.At(0);

    public List<bool> TrainingFlags { get; } = [];

    public Tensor<double> Forward(Tensor<double> input, bool training = false)
    {
        TrainingFlags.Add(training);
        _input = input;
        var y = new Tensor<double>(input.Shape.ToArray());
        for (int i = 0; i < input.Length; i++)
        {
            y.At(i) = W * input.At(i) + B;
        }

        return y;
    }

    public Tensor<double> Backward(Tensor<double> outputGrad)
    {
        var x = _input!;
        var dx = new Tensor<double>(x.Shape.ToArray());
        for (int i = 0; i < x.Length; i++)
        {
            Weight.Grad.At(0) += outputGrad.At(i) * x.At(i);
            Bias.Grad.At(0) += outputGrad.At(i);
            dx.At(i) = W * outputGrad.At(i);
        }

        return dx;
    }

    public IEnumerable<(string Name, Parameter<double> Parameter)> NamedParameters() => [("weight", Weight), ("bias", Bias)];

    public (double W, double B) Snapshot() => (W, B);
}

/// <summary>The linear model as a sequence layer: records the lengths it receives.</summary>
internal sealed class LengthRecordingModel : LinearModel, ISequenceLayer<double>
{
    public List<IReadOnlyList<int>?> Lengths { get; } = [];

    public Tensor<double> Forward(Tensor<double> input, IReadOnlyList<int>? lengths, bool training = false)
    {
        Lengths.Add(lengths);
        return Forward(input, training);
    }
}

/// <summary>L = Σ m(ŷ − y)² / Σ m, ∂L/∂ŷ = 2m(ŷ − y) / Σ m (m = 1 without a mask).</summary>
internal class MseLoss : ILoss<double>
{
    public int Calls { get; private set; }

    public virtual LossResult<double> Compute(Tensor<double> prediction, Tensor<double> target, Tensor<double>? mask = null)
    {
        Calls++;
        double count = 0, sum = 0;
        var grad = new Tensor<double>(prediction.Shape.ToArray());
        for (int i = 0; i < prediction.Length; i++)
        {
            double m = mask is null ? 1 : mask.At(i);
            double e = prediction.At(i) - target.At(i);
            count += m;
            sum += m * e * e;
            grad.At(i) = m * e;
        }

        for (int i = 0; i < grad.Length; i++)
        {
            grad.At(i) *= 2 / count;
        }

        return new LossResult<double>(sum / count, grad);
    }
}

/// <summary>MSE that goes wrong on its <c>badCall</c>-th call: a NaN loss value, or a NaN in ∂L/∂ŷ.</summary>
internal sealed class FaultyLoss(int badCall, bool nanValue) : MseLoss
{
    public override LossResult<double> Compute(Tensor<double> prediction, Tensor<double> target, Tensor<double>? mask = null)
    {
        var result = base.Compute(prediction, target, mask);
        if (Calls != badCall)
        {
            return result;
        }

        if (nanValue)
        {
            return result with { Value = double.NaN };
        }

        result.Gradient.At(0) = double.NaN;
        return result;
    }
}

/// <summary>θ ← θ − η·g; records the η of every step.</summary>
internal sealed class Sgd(IEnumerable<Parameter<double>> parameters, double learningRate) : IOptimizer<double>
{
    public IReadOnlyList<Parameter<double>> Parameters { get; } = parameters.ToList();

    public double LearningRate { get; set; } = learningRate;

    public int StepCount { get; private set; }

    public List<double> UsedRates { get; } = [];

    public void Step()
    {
        foreach (var p in Parameters)
        {
            for (int i = 0; i < p.Value.Length; i++)
            {
                p.Value.At(i) -= LearningRate * p.Grad.At(i);
            }
        }

        UsedRates.Add(LearningRate);
        StepCount++;
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }
}

/// <summary>Runs an action in chosen hooks and keeps what it saw.</summary>
internal sealed class RecordingCallback(LinearModel model) : ITrainerCallback<double>
{
    public List<(double W, double B)> AfterStep { get; } = [];

    public List<(double W, double B)> AtValidation { get; } = [];

    public Action<TrainerContext<double>>? StepAction { get; init; }

    public Action<TrainerContext<double>>? EpochAction { get; init; }

    public bool Ended { get; private set; }

    public void OnStepEnd(TrainerContext<double> context)
    {
        AfterStep.Add(model.Snapshot());
        StepAction?.Invoke(context);
    }

    public void OnValidation(TrainerContext<double> context) => AtValidation.Add(model.Snapshot());

    public void OnEpochEnd(TrainerContext<double> context) => EpochAction?.Invoke(context);

    public void OnTrainEnd(TrainerContext<double> context) => Ended = true;
}

/// <summary>An <see cref="IProgress{T}"/> that stores every report synchronously.</summary>
internal sealed class RecordingProgress : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value) => Reports.Add(value);
}

/// <summary>Data y = w·x + b + noise·N(0, 1), x ~ U(−1, 1), from a seeded Rng.</summary>
internal static class LinearData
{
    public static (double[] X, double[] Y) Make(Rng rng, int n, double w, double b, double noise)
    {
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.Uniform(-1, 1);
            y[i] = w * x[i] + b + noise * rng.Normal();
        }

        return (x, y);
    }

    /// <summary>Batches of <paramref name="batchSize"/> [n, 1] rows in the given order (the last one may be short).</summary>
    public static List<Batch<double>> Batches(double[] x, double[] y, int batchSize, int[]? order = null)
    {
        order ??= Enumerable.Range(0, x.Length).ToArray();
        var batches = new List<Batch<double>>();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var idx = order[start..Math.Min(order.Length, start + batchSize)];
            batches.Add(new Batch<double>(
                Tensor<double>.FromArray(idx.Select(i => x[i]).ToArray(), idx.Length, 1),
                Tensor<double>.FromArray(idx.Select(i => y[i]).ToArray(), idx.Length, 1)));
        }

        return batches;
    }

    /// <summary>epoch → batches in an order shuffled by <paramref name="rng"/>, as a caller's data loader would.</summary>
    public static Func<int, IEnumerable<Batch<double>>> Shuffled(Rng rng, double[] x, double[] y, int batchSize) => _ =>
    {
        var order = Enumerable.Range(0, x.Length).ToArray();
        rng.Shuffle(order.AsSpan());
        return Batches(x, y, batchSize, order);
    };
}
