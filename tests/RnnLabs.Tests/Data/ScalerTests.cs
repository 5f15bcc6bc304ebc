using RnnLabs.Data;
using RnnLabs.Tensors;
using RnnLabs.Tests.Support;

namespace RnnLabs.Tests.Data;

public class ScalerTests
{
    private const double Tolerance = 1e-10;

    [Fact]
    public void StandardScaler_TransformsTestWithTrainStatistics()
    {
        // Feature 0: 1, 3, 5 → μ = 3, σ = √((4 + 0 + 4) / 3). Feature 1: constant 10 → μ = 10, σ set to 1.
        var train = Tensor<double>.FromArray([1, 10, 3, 10, 5, 10], 3, 2);
        var test = Tensor<double>.FromArray([7, 12, -1, 9], 2, 2);
        var scaler = new StandardScaler<double>();
        scaler.Fit(train);

        double sigma = Math.Sqrt(8.0 / 3);
        var scaled = scaler.Transform(test).ToArray();
        double[] expected = [(7 - 3) / sigma, 12 - 10, (-1 - 3) / sigma, 9 - 10];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], scaled[i], Tolerance);
        }

        Assert.Equal(3.0, scaler.Mean[0], Tolerance);
        Assert.Equal(sigma, scaler.Std[0], Tolerance);
        Assert.Equal(1.0, scaler.Std[1]);
    }

    [Fact]
    public void MinMaxScaler_TransformsTestWithTrainRange_WithoutClipping()
    {
        // Feature 0: min 2, max 6. Feature 1: constant 5 → range taken as 1.
        var train = Tensor<double>.FromArray([2, 5, 6, 5, 4, 5], 3, 2);
        var test = Tensor<double>.FromArray([8, 7, 0, 5], 2, 2);
        var scaler = new MinMaxScaler<double>(-1, 1);
        scaler.Fit(train);

        // x′ = a + (x − min)(b − a) / range with a = −1, b = 1.
        double[] expected = [-1 + (8 - 2) * 2 / 4.0, -1 + (7 - 5) * 2 / 1.0, -1 + (0 - 2) * 2 / 4.0, -1 + (5 - 5) * 2 / 1.0];
        var scaled = scaler.Transform(test).ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], scaled[i], Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Probe.Seeds), MemberType = typeof(Probe))]
    public void InverseTransform_RoundTrips(ulong seed)
    {
        var rng = new Rng(seed);
        var train = rng.Uniform<double>(-50, 80, 20, 3);
        var other = rng.Uniform<double>(-100, 100, 7, 3);
        foreach (FeatureScaler<double> scaler in new FeatureScaler<double>[] { new StandardScaler<double>(), new MinMaxScaler<double>() })
        {
            scaler.Fit(train);
            var back = scaler.InverseTransform(scaler.Transform(other)).ToArray();
            var original = other.ToArray();
            for (int i = 0; i < original.Length; i++)
            {
                Assert.Equal(original[i], back[i], 1e-9);
            }
        }
    }

    [Fact]
    public void InverseTransformFeature_UsesThatFeaturesStatistics()
    {
        // Feature 1 has μ = 20, σ = 10 (values 10, 30).
        var scaler = new StandardScaler<double>();
        scaler.Fit(Tensor<double>.FromArray([0, 10, 1, 30], 2, 2));
        var predictions = Tensor<double>.FromArray([0.5, -1, 2], 1, 3);
        Assert.Equal([25.0, 10, 40], scaler.InverseTransformFeature(predictions, 1).ToArray());
    }

    [Fact]
    public void SingleFeatureScaler_AppliesToAnyShape()
    {
        var scaler = new MinMaxScaler<float>();
        scaler.Fit(Tensor<float>.FromArray([0f, 4f], 2));
        var windows = Tensor<float>.FromArray([1f, 2f, 3f, 8f], 2, 2, 1);
        Assert.Equal([0.25f, 0.5f, 0.75f, 2f], scaler.Transform(windows).ToArray());
    }

    [Fact]
    public void Transform_BeforeFit_Throws()
    {
        var scaler = new StandardScaler<double>();
        var ex = Assert.Throws<InvalidOperationException>(() => scaler.Transform(new Tensor<double>(2, 2)));
        Assert.Contains("not fitted", ex.Message);
    }

    [Fact]
    public void Transform_WrongFeatureCount_ThrowsWithShapes()
    {
        var scaler = new StandardScaler<double>();
        scaler.Fit(Tensor<double>.FromArray([1, 2, 3, 4], 2, 2));
        var ex = Assert.Throws<ArgumentException>(() => scaler.Transform(new Tensor<double>(3, 3)));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("[..., 2]", ex.Message);
        Assert.Contains("[3, 3]", ex.Message);
    }

    [Fact]
    public void Fit_NonFinite_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new MinMaxScaler<double>().Fit(Tensor<double>.FromArray([1, double.PositiveInfinity], 2)));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("flat index 1", ex.Message);
    }

    [Fact]
    public void MinMaxScaler_EmptyRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxScaler<double>(1, 1));
        Assert.Equal("high", ex.ParamName);
        Assert.Contains("> low = 1", ex.Message);
        Assert.Contains("got 1", ex.Message);
    }
}
