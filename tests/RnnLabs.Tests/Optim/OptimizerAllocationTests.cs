using RnnLabs.Layers;
using RnnLabs.Optim;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Optim;

/// <summary>A training step must not feed the garbage collector: every optimizer's Step reuses the state it made at construction.</summary>
public class OptimizerAllocationTests
{
    public static TheoryData<string> Optimizers() => ["sgd", "sgd-nesterov", "rmsprop", "adam", "adamw"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Step_AfterWarmUp_AllocatesNothing(string kind)
    {
        var rng = new Rng(5);
        Parameter<float>[] parameters =
        [
            new("weight", rng.Uniform<float>(-1, 1, 512, 192)),
            new("bias", rng.Uniform<float>(-1, 1, 512)),
        ];
        IOptimizer<float> optimizer = kind switch
        {
            "sgd" => new Sgd<float>(parameters, new SgdOptions(LearningRate: 0.1, WeightDecay: 1e-4)),
            "sgd-nesterov" => new Sgd<float>(parameters, new SgdOptions(LearningRate: 0.1, Momentum: 0.9, Nesterov: true)),
            "rmsprop" => new RmsProp<float>(parameters),
            "adam" => new Adam<float>(parameters),
            _ => new AdamW<float>(parameters),
        };
        foreach (var p in parameters)
        {
            p.Grad.AsSpan().Fill(0.01f);
        }

        // A few warm-up steps: the first calls of a method can allocate once (JIT-time type loading, tiering stubs).
        for (int i = 0; i < 5; i++)
        {
            optimizer.Step();
        }

        long fewest = ThreadAllocation.FewestBytesOfThreeRuns(() =>
        {
            optimizer.Step();
            optimizer.ZeroGrad();
        });

        Assert.Equal(0, fewest);
    }
}
