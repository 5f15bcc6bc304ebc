using RnnLabs.Kernels;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Diagnostics;

/// <summary>
/// How much the last hidden state of a vanilla RNN still depends on earlier ones: the norms
/// ‖∂h_T/∂h_{T−k}‖₂ for k = 1 … K along one trajectory. With h_j = φ(a_j), a_j = W_ih x_j + W_hh h_{j−1} + b,
/// <code>
/// ∂h_T/∂h_{T−k} = Π_{j=T−k+1}^{T} diag(φ′(a_j)) · W_hh      (the product taken from j = T down to T−k+1)
/// </code>
/// Each factor is at most ‖W_hh‖ in norm (|φ′| ≤ 1), so the product shrinks or grows roughly geometrically
/// in k: the vanishing and exploding gradients of backpropagation through time.
/// </summary>
public static class StateJacobian
{
    /// <summary>
    /// Runs <paramref name="cell"/> over <paramref name="inputs"/> (time-major [T, 1, I], one sequence) from
    /// <paramref name="h0"/> (zeros if null) and returns ‖∂h_T/∂h_{T−k}‖₂ (the spectral norm: the largest
    /// factor by which any change of h_{T−k} is stretched on its way to h_T) at index k−1, for k = 1 … maxLag.
    /// </summary>
    public static double[] NormsOverLag(RnnCell<double> cell, Tensor<double> inputs, int maxLag, Tensor<double>? h0 = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Guard.Shape(inputs, nameof(StateJacobian), nameof(inputs), "T, 1, inputSize", Guard.Any, 1, cell.InputSize);
        int steps = inputs.Size(0);
        if (maxLag < 1 || maxLag > steps)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLag), maxLag, $"{nameof(StateJacobian)} maxLag: expected 1 … {steps} (the sequence length), got {maxLag}");
        }

        int h = cell.HiddenSize;
        var hidden = h0?.Clone() ?? new Tensor<double>(1, h);
        Guard.Shape(hidden, nameof(StateJacobian), nameof(h0), "1, hiddenSize", 1, h);
        var derivatives = new double[steps][];
        for (int t = 0; t < steps; t++)
        {
            hidden = cell.Forward(inputs[t], hidden).Hidden;
            derivatives[t] = Derivative(cell.Nonlinearity, hidden.AsSpan());
        }

        var w = cell.WeightHh.Value;
        var jacobian = new Tensor<double>(h, h);
        var next = new Tensor<double>(h, h);
        var norms = new double[maxLag];
        for (int k = 1; k <= maxLag; k++)
        {
            // Right-multiply by the factor of step j = T−k+1: J ← J · diag(φ′(a_j)) W_hh (J starts as I).
            var d = derivatives[steps - k];
            var factor = w.Clone();
            for (int r = 0; r < h; r++)
            {
                TensorPrimitives.Multiply(factor.AsSpan().Slice(r * h, h), d[r], factor.AsSpan().Slice(r * h, h));
            }

            if (k == 1)
            {
                jacobian.CopyFrom(factor);
            }
            else
            {
                Gemm.MatMul(jacobian, factor, next);
                jacobian.CopyFrom(next);
            }

            norms[k - 1] = SpectralNorm(jacobian);
        }

        return norms;
    }

    /// <summary>The largest singular value σ₁(A) of a square matrix, by power iteration on AᵀA.</summary>
    public static double SpectralNorm(Tensor<double> matrix)
    {
        Guard.Shape(matrix, nameof(StateJacobian), nameof(matrix), "n, n", Guard.Any, matrix.Rank == 2 ? matrix.Size(0) : Guard.Any);
        int n = matrix.Size(0);
        var v = Tensor<double>.Full(1.0 / Math.Sqrt(n), n, 1);
        var av = new Tensor<double>(n, 1);
        double sigma = 0;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            Gemm.MatMul(matrix, v, av);
            Gemm.MatMul(matrix, av, v, transposeA: true);
            double norm = TensorPrimitives.Norm<double>(v.AsSpan());
            if (norm == 0)
            {
                return 0;
            }

            TensorPrimitives.Divide(v.AsSpan(), norm, v.AsSpan());
            double previous = sigma;
            sigma = Math.Sqrt(norm);
            if (Math.Abs(sigma - previous) <= 1e-12 * sigma)
            {
                break;
            }
        }

        return sigma;
    }

    private static double[] Derivative(RnnNonlinearity nonlinearity, ReadOnlySpan<double> h)
    {
        var d = new double[h.Length];
        for (int i = 0; i < h.Length; i++)
        {
            // φ′ from the output: tanh′ = 1 − h², relu′ = [h > 0].
            d[i] = nonlinearity == RnnNonlinearity.Tanh ? 1 - h[i] * h[i] : h[i] > 0 ? 1 : 0;
        }

        return d;
    }
}
