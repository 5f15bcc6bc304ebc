namespace RnnLabs.Init;

/// <summary>
/// The Q of a thin QR decomposition A = QR with a positive diagonal in R, by modified Gram–Schmidt:
/// <code>
/// q_j = (a_j − Σ_{i&lt;j} (q_i·a_j) q_i) / ‖a_j − Σ_{i&lt;j} (q_i·a_j) q_i‖
/// </code>
/// r_jj is that norm, always positive, so Q is the one QR factor with diag(R) &gt; 0: the same matrix
/// <c>torch.nn.init.orthogonal_</c> gets from Householder QR after multiplying Q by sign(diag R).
/// </summary>
internal static class GramSchmidt
{
    /// <summary>
    /// Replaces <paramref name="count"/> vectors of <paramref name="length"/> elements, stored one after another in
    /// <paramref name="vectors"/>, by orthonormal ones spanning the same nested subspaces.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vectors are linearly dependent.</exception>
    public static void Orthonormalize(Span<double> vectors, int count, int length)
    {
        for (int j = 0; j < count; j++)
        {
            var q = vectors.Slice(j * length, length);

            // A second projection pass removes what rounding left of earlier directions ("twice is enough"),
            // so QᵀQ = I to machine precision even for ill-conditioned draws.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < j; i++)
                {
                    var previous = vectors.Slice(i * length, length);
                    double r = TensorPrimitives.Dot<double>(previous, q);
                    TensorPrimitives.MultiplyAdd(previous, -r, q, q);
                }
            }

            double norm = TensorPrimitives.Norm<double>(q);
            if (!(norm > 0) || !double.IsFinite(norm))
            {
                throw new InvalidOperationException(
                    $"Gram-Schmidt: vector {j} of {count} is linearly dependent on the previous ones (residual norm {norm})");
            }

            TensorPrimitives.Divide(q, norm, q);
        }
    }
}
