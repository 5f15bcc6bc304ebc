using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Recurrent;

namespace RnnLabs.Torch;

/// <summary>
/// The course's claim in one call: an RnnLabs recurrent layer and its TorchSharp twin, given the same weights and
/// inputs, produce the same outputs and the same gradients.
/// </summary>
public static class Parity
{
    /// <summary>
    /// Builds the twin of <paramref name="layer"/> with the layer's weights, runs forward and backward on both with
    /// <paramref name="inputs"/>, and compares every output and gradient. The layer's gradients are overwritten.
    /// </summary>
    /// <param name="layer">An Rnn, Lstm or Gru in float or double.</param>
    /// <param name="inputs">Input, initial states and output gradients, e.g. <see cref="ParityInputs{T}.Random"/>.</param>
    /// <param name="tolerance">The bars (null: <see cref="ParityTolerance.For{T}"/>).</param>
    public static ParityReport Check<T>(RecurrentLayer<T> layer, ParityInputs<T> inputs, ParityTolerance? tolerance = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var twin = new RecurrentTwin<T>(layer);
        return ParityReport.Compare(Run(layer, inputs), twin.Run(inputs), tolerance);
    }

    /// <summary>
    /// One forward and backward pass of the RnnLabs layer (training = false, gradients zeroed first) on
    /// <paramref name="inputs"/>, collected like <see cref="RecurrentTwin{T}.Run"/> collects the torch side.
    /// </summary>
    public static RecurrentRun<T> Run<T>(RecurrentLayer<T> layer, ParityInputs<T> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(inputs);
        layer.ZeroGrad();
        var forward = layer.Forward(inputs.Input, h0: inputs.InitialHiddenState, c0: inputs.InitialCellState);
        var backward = layer.Backward(inputs.OutputGrad, inputs.HiddenStateGrad, inputs.CellStateGrad);
        return new RecurrentRun<T>(
            forward.Output,
            forward.HiddenState,
            forward.CellState,
            backward.Input,
            inputs.InitialHiddenState is null ? null : backward.InitialHiddenState,
            inputs.InitialCellState is null ? null : backward.InitialCellState,
            layer.NamedParameters().Select(p => (p.Name, p.Parameter.Grad.Clone())).ToList());
    }
}
