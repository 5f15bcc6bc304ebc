using System.Numerics;
using RnnLabs.Layers;

namespace RnnLabs.Optim;

/// <summary>Updates parameters from their accumulated gradients.</summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The parameters this optimizer updates.</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The learning rate used by the next <see cref="Step"/> (a schedule may change it between steps).</summary>
    double LearningRate { get; set; }

    /// <summary>Number of updates done so far.</summary>
    int StepCount { get; }

    /// <summary>Applies one update θ ← θ − (update rule) using each parameter's current gradient.</summary>
    void Step();

    /// <summary>Sets every parameter's gradient to zero.</summary>
    void ZeroGrad();
}
