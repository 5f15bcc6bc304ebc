using System.Numerics;
using RnnLabs.IO;
using RnnLabs.Layers;
using RnnLabs.Recurrent;
using RnnLabs.Tensors;
using RnnLabs.Torch.Tests.Support;

namespace RnnLabs.Torch.Tests;

/// <summary>An RnnLabs safetensors checkpoint loads into the TorchSharp twin and comes back bit for bit; a mismatch is refused by name.</summary>
public sealed class TorchCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnnlabs-torch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(RecurrentKind.RnnTanh)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void SequenceModel_RoundTripsRnnLabsTorchRnnLabs_BitIdentical_Float32(RecurrentKind kind) => RoundTrip<float>(kind);

    [Theory]
    [InlineData(RecurrentKind.RnnRelu)]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void SequenceModel_RoundTripsRnnLabsTorchRnnLabs_BitIdentical_Float64(RecurrentKind kind) => RoundTrip<double>(kind);

    [Fact]
    public void TwinModule_LoadsALayerCheckpoint_UnderStateDictNames()
    {
        var layer = new Lstm<double>(new RecurrentOptions(4, 6) { NumLayers = 2, Bidirectional = true }, new Rng(1));
        string path = Path.Combine(_folder, "lstm.safetensors");
        SafeTensors.Save(path, layer);
        using var twin = new RecurrentTwin<double>(new Lstm<double>(layer.Options, new Rng(2)));

        TorchCheckpoint.Load(path, twin.Module);

        foreach (var (name, p) in layer.NamedParameters())
        {
            Assert.Equal(p.Value.ToArray(), twin.Module.get_parameter(name)!.ToRnnLabs<double>().ToArray());
        }
    }

    [Fact]
    public void Load_MissingLayer_NamesTheTensor()
    {
        string path = Path.Combine(_folder, "shallow.safetensors");
        SafeTensors.Save(path, new Gru<float>(new RecurrentOptions(4, 6), new Rng(1)));
        using var twin = new RecurrentTwin<float>(new Gru<float>(new RecurrentOptions(4, 6) { NumLayers = 2 }, new Rng(2)));

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(path, twin.Module));

        Assert.Equal("weight_ih_l1", error.TensorName);
        Assert.Contains("missing tensor(s) 'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1'", error.Message);
    }

    [Fact]
    public void Load_ShapeMismatch_NamesTheTensorAndBothShapes_AndChangesNothing()
    {
        var rng = new Rng(1);
        string path = Path.Combine(_folder, "one-output.safetensors");
        SafeTensors.Save(path, Model<float>(RecurrentKind.Lstm, rng, outputs: 1));
        using var twin = TorchSequenceModel.From(Model<float>(RecurrentKind.Lstm, new Rng(2), outputs: 2));
        var before = twin.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.ToRnnLabs<float>().ToArray());

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(path, twin));

        Assert.Equal("1.weight", error.TensorName);
        Assert.Contains("tensor '1.weight' has shape [1, 5], module expects [2, 5]", error.Message);
        // The recurrent tensors fit, yet none was written: the load is all or nothing.
        Assert.All(twin.state_dict(), kv => Assert.Equal(before[kv.Key], kv.Value.ToRnnLabs<float>().ToArray()));
    }

    [Fact]
    public void Load_ExtraTensor_IsRefused()
    {
        string path = Path.Combine(_folder, "bidirectional.safetensors");
        SafeTensors.Save(path, new Rnn<float>(new RecurrentOptions(4, 6) { Bidirectional = true }, new Rng(1)));
        using var twin = new RecurrentTwin<float>(new Rnn<float>(new RecurrentOptions(4, 6), new Rng(2)));

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpoint.Load(path, twin.Module));

        Assert.Equal("weight_ih_l0_reverse", error.TensorName);
        Assert.Contains("unexpected tensor(s) 'weight_ih_l0_reverse'", error.Message);
    }

    private void RoundTrip<T>(RecurrentKind kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var original = Model<T>(kind, new Rng(1), outputs: 1);
        string first = Path.Combine(_folder, "rnnlabs.safetensors");
        string second = Path.Combine(_folder, "torch.safetensors");
        SafeTensors.Save(first, original);
        using var twin = TorchSequenceModel.From(Model<T>(kind, new Rng(2), outputs: 1));
        var restored = Model<T>(kind, new Rng(3), outputs: 1);

        TorchCheckpoint.Load(first, twin);
        TorchCheckpoint.Save(second, twin);
        SafeTensors.Load(second, restored);

        foreach (var ((name, expected), (_, actual)) in original.NamedParameters().Zip(restored.NamedParameters()))
        {
            Assert.True(expected.Value.ToArray().SequenceEqual(actual.Value.ToArray()), $"{name} changed on the way through TorchSharp");
        }

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    private static Sequential<T> Model<T>(RecurrentKind kind, Rng rng, int outputs) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(RecurrentLayers.Create<T>(kind, new RecurrentOptions(3, 5) { NumLayers = 2, Bidirectional = kind != RecurrentKind.Lstm, ReturnSequences = false }, rng),
            new Dense<T>(kind == RecurrentKind.Lstm ? 5 : 10, outputs, rng));
}
