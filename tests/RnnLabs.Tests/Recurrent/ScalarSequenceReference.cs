using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.Recurrent;

/// <summary>
/// A plain scalar reference for stacked, bidirectional RNN / LSTM / GRU written from PyTorch's equations, with no
/// library calls: each sequence runs alone over its first lengths[b] steps (the forward direction from t = 0, the
/// reverse one from t = lengths[b] − 1), outputs past the length stay 0, and h_n / c_n are the last states.
/// Weights are read element by element from the layer's cells.
/// </summary>
internal static class ScalarSequenceReference
{
    public static (double[,,] Output, double[,,] HiddenState, double[,,] CellState) Run(
        RecurrentLayer<double> layer, LayerKind kind, Tensor<double> x, int[] lengths, Tensor<double>? h0, Tensor<double>? c0)
    {
        int steps = x.Size(0), batch = x.Size(1), size = layer.Options.HiddenSize;
        int layers = layer.Options.NumLayers, directions = layer.Options.Bidirectional ? 2 : 1;
        var input = new double[steps, batch, x.Size(2)];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < x.Size(2); i++)
                {
                    input[t, b, i] = x[t, b, i];
                }
            }
        }

        var hn = new double[layers * directions, batch, size];
        var cn = new double[layers * directions, batch, size];
        for (int l = 0; l < layers; l++)
        {
            var output = new double[steps, batch, directions * size];
            for (int d = 0; d < directions; d++)
            {
                int s = l * directions + d;
                var cell = layer.Cell(l, d);
                for (int b = 0; b < batch; b++)
                {
                    var h = new double[size];
                    var c = new double[size];
                    for (int j = 0; j < size; j++)
                    {
                        h[j] = h0 is null ? 0 : h0[s, b, j];
                        c[j] = c0 is null ? 0 : c0[s, b, j];
                    }

                    for (int k = 0; k < lengths[b]; k++)
                    {
                        int t = d == 0 ? k : lengths[b] - 1 - k;
                        var xt = new double[input.GetLength(2)];
                        for (int i = 0; i < xt.Length; i++)
                        {
                            xt[i] = input[t, b, i];
                        }

                        (h, c) = Step(kind, cell, xt, h, c);
                        for (int j = 0; j < size; j++)
                        {
                            output[t, b, d * size + j] = h[j];
                        }
                    }

                    for (int j = 0; j < size; j++)
                    {
                        hn[s, b, j] = h[j];
                        cn[s, b, j] = c[j];
                    }
                }
            }

            input = output;
        }

        return (input, hn, cn);
    }

    private static (double[] H, double[] C) Step(LayerKind kind, RecurrentCell<double> cell, double[] x, double[] h, double[] c)
    {
        int size = h.Length;
        var hNew = new double[size];
        var cNew = new double[size];
        for (int j = 0; j < size; j++)
        {
            switch (kind)
            {
                case LayerKind.RnnTanh:
                case LayerKind.RnnRelu:
                    double a = Affine(cell, j, x, h);
                    hNew[j] = kind == LayerKind.RnnTanh ? Math.Tanh(a) : Math.Max(0, a);
                    break;
                case LayerKind.Lstm:
                    // Gate rows: i = [0, H), f = [H, 2H), g = [2H, 3H), o = [3H, 4H).
                    double i = Sigmoid(Affine(cell, j, x, h));
                    double f = Sigmoid(Affine(cell, size + j, x, h));
                    double g = Math.Tanh(Affine(cell, 2 * size + j, x, h));
                    double o = Sigmoid(Affine(cell, 3 * size + j, x, h));
                    cNew[j] = f * c[j] + i * g;
                    hNew[j] = o * Math.Tanh(cNew[j]);
                    break;
                default:
                    // Gate rows: r = [0, H), z = [H, 2H), n = [2H, 3H); b_hn stays inside r·(W_hn h + b_hn).
                    double r = Sigmoid(Affine(cell, j, x, h));
                    double z = Sigmoid(Affine(cell, size + j, x, h));
                    double n = Math.Tanh(Linear(cell.WeightIh.Value, cell.BiasIh.Value, 2 * size + j, x)
                        + r * Linear(cell.WeightHh.Value, cell.BiasHh.Value, 2 * size + j, h));
                    hNew[j] = (1 - z) * n + z * h[j];
                    break;
            }
        }

        return (hNew, cNew);
    }

    private static double Affine(RecurrentCell<double> cell, int row, double[] x, double[] h) =>
        Linear(cell.WeightIh.Value, cell.BiasIh.Value, row, x) + Linear(cell.WeightHh.Value, cell.BiasHh.Value, row, h);

    /// <summary>b[row] + Σ_i W[row, i]·v[i].</summary>
    private static double Linear(Tensor<double> weight, Tensor<double> bias, int row, double[] v)
    {
        double sum = bias.At(row);
        for (int i = 0; i < v.Length; i++)
        {
            sum += weight[row, i] * v[i];
        }

        return sum;
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));
}
