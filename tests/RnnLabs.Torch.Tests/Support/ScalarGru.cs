using RnnLabs.Recurrent;
using RnnLabs.Tensors;

namespace RnnLabs.Torch.Tests.Support;

/// <summary>
/// A one-layer, one-direction GRU written from the equations in plain scalar double code (forward and BPTT), with the
/// reset gate in either place:
/// <code>
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// PyTorch / cuDNN:  n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
/// d2l / Cho et al.: n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// With the PyTorch placement it must match torch's GRU (the control that shows this harness is right); with the
/// d2l placement it is a different function of the same weights, which a parity check must catch.
/// </summary>
internal static class ScalarGru
{
    public static RecurrentRun<double> Run(RecurrentCell<double> cell, ParityInputs<double> inputs, bool resetBeforeProduct)
    {
        int steps = inputs.Input.Size(0), batch = inputs.Input.Size(1), inputSize = cell.InputSize, h = cell.HiddenSize;
        double[] wi = cell.WeightIh.Value.ToArray(), wh = cell.WeightHh.Value.ToArray();
        double[] bi = cell.BiasIh.Value.ToArray(), bh = cell.BiasHh.Value.ToArray();
        var hidden = new double[steps + 1, batch, h];
        var r = new double[steps, batch, h];
        var z = new double[steps, batch, h];
        var n = new double[steps, batch, h];
        // n's hidden-side term: W_hn h + b_hn (PyTorch, scaled by r afterwards) or W_hn (r ⊙ h) + b_hn (d2l).
        var hiddenN = new double[steps, batch, h];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < h; j++)
            {
                hidden[0, b, j] = inputs.InitialHiddenState?[0, b, j] ?? 0;
            }
        }

        double X(int t, int b, int k) => inputs.Input[t, b, k];
        double InputGate(int t, int b, int row) => bi[row] + Sum(inputSize, k => wi[row * inputSize + k] * X(t, b, k));
        double HiddenGate(int t, int b, int row, Func<int, double> state) => bh[row] + Sum(h, k => wh[row * h + k] * state(k));

        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < h; j++)
                {
                    r[t, b, j] = Sigmoid(InputGate(t, b, j) + HiddenGate(t, b, j, k => hidden[t, b, k]));
                    z[t, b, j] = Sigmoid(InputGate(t, b, h + j) + HiddenGate(t, b, h + j, k => hidden[t, b, k]));
                }

                for (int j = 0; j < h; j++)
                {
                    hiddenN[t, b, j] = resetBeforeProduct
                        ? HiddenGate(t, b, 2 * h + j, k => r[t, b, k] * hidden[t, b, k])
                        : HiddenGate(t, b, 2 * h + j, k => hidden[t, b, k]);
                    double reset = resetBeforeProduct ? 1 : r[t, b, j];
                    n[t, b, j] = Math.Tanh(InputGate(t, b, 2 * h + j) + reset * hiddenN[t, b, j]);
                    hidden[t + 1, b, j] = (1 - z[t, b, j]) * n[t, b, j] + z[t, b, j] * hidden[t, b, j];
                }
            }
        }

        var dWi = new double[wi.Length];
        var dWh = new double[wh.Length];
        var dBi = new double[bi.Length];
        var dBh = new double[bh.Length];
        var dx = new Tensor<double>(steps, batch, inputSize);
        var dh = new double[batch, h];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < h; j++)
            {
                dh[b, j] = inputs.HiddenStateGrad?[0, b, j] ?? 0;
            }
        }

        for (int t = steps - 1; t >= 0; t--)
        {
            var dPrev = new double[batch, h];
            for (int b = 0; b < batch; b++)
            {
                var dGx = new double[3 * h];
                var dGh = new double[3 * h];
                var dRh = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double g = dh[b, j] + inputs.OutputGrad[t, b, j];
                    double prev = hidden[t, b, j];
                    dGx[h + j] = dGh[h + j] = g * (prev - n[t, b, j]) * z[t, b, j] * (1 - z[t, b, j]);
                    dGx[2 * h + j] = g * (1 - z[t, b, j]) * (1 - n[t, b, j] * n[t, b, j]);
                    dPrev[b, j] += g * z[t, b, j];
                }

                for (int j = 0; j < h; j++)
                {
                    double dnPre = dGx[2 * h + j];
                    if (resetBeforeProduct)
                    {
                        // n's hidden term is W_hn (r ⊙ h) + b_hn: its gradient flows to (r ⊙ h), then to r and h.
                        dGh[2 * h + j] = dnPre;
                        for (int k = 0; k < h; k++)
                        {
                            dRh[k] += dnPre * wh[(2 * h + j) * h + k];
                        }
                    }
                    else
                    {
                        dGh[2 * h + j] = dnPre * r[t, b, j];
                        dGx[j] = dGh[j] = dnPre * hiddenN[t, b, j] * r[t, b, j] * (1 - r[t, b, j]);
                    }
                }

                if (resetBeforeProduct)
                {
                    for (int k = 0; k < h; k++)
                    {
                        dGx[k] = dGh[k] = dRh[k] * hidden[t, b, k] * r[t, b, k] * (1 - r[t, b, k]);
                        dPrev[b, k] += dRh[k] * r[t, b, k];
                    }
                }

                for (int row = 0; row < 3 * h; row++)
                {
                    dBi[row] += dGx[row];
                    dBh[row] += dGh[row];
                    for (int k = 0; k < inputSize; k++)
                    {
                        dWi[row * inputSize + k] += dGx[row] * X(t, b, k);
                        dx[t, b, k] += dGx[row] * wi[row * inputSize + k];
                    }

                    // The n block of W_hh reads r ⊙ h in the d2l placement, h otherwise.
                    bool resetInput = resetBeforeProduct && row >= 2 * h;
                    for (int k = 0; k < h; k++)
                    {
                        double state = resetInput ? r[t, b, k] * hidden[t, b, k] : hidden[t, b, k];
                        dWh[row * h + k] += dGh[row] * state;
                        if (!resetInput)
                        {
                            dPrev[b, k] += dGh[row] * wh[row * h + k];
                        }
                    }
                }
            }

            dh = dPrev;
        }

        var output = new Tensor<double>(steps, batch, h);
        var finalHidden = new Tensor<double>(1, batch, h);
        var dh0 = new Tensor<double>(1, batch, h);
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < h; j++)
            {
                for (int t = 0; t < steps; t++)
                {
                    output[t, b, j] = hidden[t + 1, b, j];
                }

                finalHidden[0, b, j] = hidden[steps, b, j];
                dh0[0, b, j] = dh[b, j];
            }
        }

        return new RecurrentRun<double>(output, finalHidden, null, dx, inputs.InitialHiddenState is null ? null : dh0, null,
        [
            (cell.WeightIh.Name, Tensor<double>.FromArray(dWi, 3 * h, inputSize)),
            (cell.WeightHh.Name, Tensor<double>.FromArray(dWh, 3 * h, h)),
            (cell.BiasIh.Name, Tensor<double>.FromArray(dBi, 3 * h)),
            (cell.BiasHh.Name, Tensor<double>.FromArray(dBh, 3 * h)),
        ]);
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

    private static double Sum(int count, Func<int, double> term)
    {
        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += term(k);
        }

        return sum;
    }
}
