using System.Numerics;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Init;

/// <summary>
/// Weight initializations, as <c>torch.nn.init</c>, writing in place into a tensor from an explicit <see cref="Rng"/>.
/// For a weight [out, in, k…] the fans are those of PyTorch: fan_in = in·Πk, fan_out = out·Πk
/// (for a 2-D W [rows, cols]: fan_in = cols, fan_out = rows).
/// </summary>
public static class Initializers
{
    /// <summary>fan_in and fan_out of a weight of rank ≥ 2, as PyTorch's <c>_calculate_fan_in_and_fan_out</c>.</summary>
    /// <exception cref="ArgumentException">The tensor has rank &lt; 2.</exception>
    public static (int FanIn, int FanOut) Fans<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix(tensor, nameof(Fans), nameof(tensor));
        int receptive = 1;
        for (int axis = 2; axis < tensor.Rank; axis++)
        {
            receptive *= tensor.Size(axis);
        }

        return (tensor.Size(1) * receptive, tensor.Size(0) * receptive);
    }

    /// <summary>
    /// Glorot/Xavier uniform: W ~ U(−a, a), a = gain·√(6 / (fan_in + fan_out)), so Var W = gain²·2 / (fan_in + fan_out)
    /// and activations keep their variance both forwards and backwards through a linear map.
    /// </summary>
    /// <param name="tensor">The weight, rank ≥ 2, overwritten.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="gain">Scale for the nonlinearity that follows (PyTorch's <c>calculate_gain</c>, 5/3 for tanh).</param>
    public static void XavierUniform<T>(Tensor<T> tensor, Rng rng, double gain = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, fanOut) = Fans(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        RequireFinite(gain, nameof(XavierUniform), nameof(gain));
        if (tensor.Length == 0)
        {
            return;
        }

        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        rng.FillUniform(tensor.AsSpan(), -bound, bound);
    }

    /// <summary>Glorot/Xavier normal: W ~ N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">The weight, rank ≥ 2, overwritten.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="gain">Scale for the nonlinearity that follows.</param>
    public static void XavierNormal<T>(Tensor<T> tensor, Rng rng, double gain = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, fanOut) = Fans(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        RequireFinite(gain, nameof(XavierNormal), nameof(gain));
        if (tensor.Length == 0)
        {
            return;
        }

        rng.FillNormal(tensor.AsSpan(), 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>
    /// He/Kaiming uniform in fan_in mode for a leaky ReLU of slope a (a = 0: ReLU), as <c>kaiming_uniform_</c>:
    /// W ~ U(−b, b), b = √(2 / (1 + a²))·√(3 / fan_in), so Var W = 2 / ((1 + a²)·fan_in) and ReLU layers keep
    /// their activations' second moment.
    /// </summary>
    /// <param name="tensor">The weight, rank ≥ 2, overwritten.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="negativeSlope">a, the leaky ReLU's slope for negative inputs.</param>
    public static void KaimingUniform<T>(Tensor<T> tensor, Rng rng, double negativeSlope = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, _) = Fans(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        RequireFinite(negativeSlope, nameof(KaimingUniform), nameof(negativeSlope));
        if (tensor.Length == 0)
        {
            return;
        }

        double gain = Math.Sqrt(2.0 / (1 + negativeSlope * negativeSlope));
        double bound = gain * Math.Sqrt(3.0 / fanIn);
        rng.FillUniform(tensor.AsSpan(), -bound, bound);
    }

    /// <summary>
    /// A (semi-)orthogonal matrix times gain, as <c>torch.nn.init.orthogonal_</c>: W is viewed as [rows, cols] with
    /// rows = W.Size(0), cols = the product of the other axes; A ~ N(0, 1) of shape [max, min] is factored A = QR with
    /// diag(R) &gt; 0, which makes Q uniformly (Haar) distributed; W = gain·Q (rows ≥ cols: orthonormal columns,
    /// WᵀW = gain²·I) or gain·Qᵀ (rows &lt; cols: orthonormal rows, WWᵀ = gain²·I). For W_hh [4H, H] each gate
    /// block then multiplies h without growing or shrinking it, which keeps long-range gradients alive.
    /// </summary>
    /// <param name="tensor">The weight, rank ≥ 2, overwritten.</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="gain">Scale of the result.</param>
    public static void Orthogonal<T>(Tensor<T> tensor, Rng rng, double gain = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix(tensor, nameof(Orthogonal), nameof(tensor));
        ArgumentNullException.ThrowIfNull(rng);
        RequireFinite(gain, nameof(Orthogonal), nameof(gain));
        if (tensor.Length == 0)
        {
            return;
        }

        int rows = tensor.Size(0);
        int cols = tensor.Length / rows;
        bool tall = rows >= cols;
        int count = Math.Min(rows, cols);
        int length = Math.Max(rows, cols);

        // The columns of A, stored one after another: the vectors Gram–Schmidt orthonormalizes.
        var q = new double[count * length];
        rng.FillNormal<double>(q, 0, 1);
        GramSchmidt.Orthonormalize(q, count, length);

        var w = tensor.AsSpan();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double qrc = tall ? q[c * length + r] : q[r * length + c];
                w[r * cols + c] = T.CreateChecked(gain * qrc);
            }
        }
    }

    /// <summary>
    /// gain·I, as <c>torch.nn.init.eye_</c> (for a non-square matrix, gain on the main diagonal). With ReLU this
    /// is Le et al.'s IRNN: h_t = relu(W_hh·h_{t−1} + …) starts by copying h forward. For one gate block of a
    /// stacked weight, pass a view, e.g. <c>weightHh.Reshape(4, H, H)[2]</c>.
    /// </summary>
    /// <param name="tensor">A 2-D weight, overwritten.</param>
    /// <param name="gain">The diagonal value.</param>
    public static void Identity<T>(Tensor<T> tensor, double gain = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank != 2)
        {
            throw new ArgumentException(
                $"{nameof(Identity)} {nameof(tensor)}: expected a 2-D tensor [rows, cols], got {tensor.ShapeString}", nameof(tensor));
        }

        RequireFinite(gain, nameof(Identity), nameof(gain));
        tensor.Clear();
        var diagonal = T.CreateChecked(gain);
        for (int i = 0; i < Math.Min(tensor.Size(0), tensor.Size(1)); i++)
        {
            tensor[i, i] = diagonal;
        }
    }

    /// <summary>
    /// PyTorch's default for every recurrent weight and bias (<c>nn.RNN/LSTM/GRU.reset_parameters</c>):
    /// W ~ U(−1/√H, 1/√H).
    /// </summary>
    /// <param name="tensor">The weight or bias, overwritten.</param>
    /// <param name="hiddenSize">H, the layer's hidden size.</param>
    /// <param name="rng">Source of the draws.</param>
    public static void PyTorchDefault<T>(Tensor<T> tensor, int hiddenSize, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Guard.Positive(hiddenSize, nameof(PyTorchDefault), nameof(hiddenSize));
        ArgumentNullException.ThrowIfNull(rng);
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        rng.FillUniform(tensor.AsSpan(), -bound, bound);
    }

    /// <summary>Sets every element to 0.</summary>
    public static void Zeros<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Clear();
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public static void Constant<T>(Tensor<T> tensor, double value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireFinite(value, nameof(Constant), nameof(value));
        tensor.AsSpan().Fill(T.CreateChecked(value));
    }

    /// <summary>
    /// Sets an LSTM's forget-gate bias: in the i, f, g, o layout, rows H..2H of b_ih become
    /// <paramref name="value"/> and rows H..2H of b_hh become 0, so b_f = b_ih,f + b_hh,f = value; the other gates'
    /// biases are left as they are. With value = 1 (Jozefowicz et al., 2015) f = σ(… + 1) starts near 0.73, so the
    /// cell state, and the gradient through it, is kept rather than forgotten early in training.
    /// PyTorch code often fills 1 into the forget block of both bias vectors: that is a total of 2 here.
    /// </summary>
    /// <param name="biasIh">b_ih, [4H].</param>
    /// <param name="biasHh">b_hh, [4H].</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="value">The total forget bias.</param>
    public static void LstmForgetGateBias<T>(Parameter<T> biasIh, Parameter<T> biasHh, int hiddenSize, double value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(biasIh);
        ArgumentNullException.ThrowIfNull(biasHh);
        Guard.Positive(hiddenSize, nameof(LstmForgetGateBias), nameof(hiddenSize));
        RequireFinite(value, nameof(LstmForgetGateBias), nameof(value));
        Guard.Shape(biasIh.Value, nameof(LstmForgetGateBias), nameof(biasIh), "4·hiddenSize, gates i, f, g, o", 4 * hiddenSize);
        Guard.Shape(biasHh.Value, nameof(LstmForgetGateBias), nameof(biasHh), "4·hiddenSize, gates i, f, g, o", 4 * hiddenSize);
        biasIh.Value.AsSpan().Slice(hiddenSize, hiddenSize).Fill(T.CreateChecked(value));
        biasHh.Value.AsSpan().Slice(hiddenSize, hiddenSize).Clear();
    }

    private static void RequireMatrix<T>(Tensor<T> tensor, string context, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor, argument);
        if (tensor.Rank < 2)
        {
            throw new ArgumentException(
                $"{context} {argument}: expected a tensor of rank >= 2 [out, in, ...] to compute fans, got {tensor.ShapeString}", argument);
        }
    }

    private static void RequireFinite(double value, string context, string argument)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(argument, value, $"{context} {argument}: expected a finite value, got {value}");
        }
    }
}
