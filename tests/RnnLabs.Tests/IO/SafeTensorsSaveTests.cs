using RnnLabs.IO;
using RnnLabs.Layers;
using RnnLabs.Tensors;

namespace RnnLabs.Tests.IO;

/// <summary>Saving is atomic: a failed save leaves the previous checkpoint byte for byte and no temp file.</summary>
public class SafeTensorsSaveTests
{
    [Fact]
    public void Save_Twice_ReplacesTheCheckpointAndLeavesOnlyIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        SafeTensors.Save(path, TinyModel<float>.Standard(1));
        var second = TinyModel<float>.Standard(2);

        SafeTensors.Save(path, second);

        var loaded = TinyModel<float>.Standard(3);
        SafeTensors.Load(path, loaded);
        Assert.Equal(second.Snapshot(), loaded.Snapshot());
        Assert.Equal(["m.safetensors"], folder.Entries());
    }

    [Fact]
    public void Save_DuplicateName_ThrowsBeforeWritingAndKeepsPreviousFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        var model = TinyModel<float>.Standard(1);
        SafeTensors.Save(path, model);
        byte[] original = File.ReadAllBytes(path);
        var w = model["weight_ih_l0"];

        var ex = Assert.Throws<ArgumentException>(
            () => SafeTensors.Save(path, [("weight", w), ("bias", model["0.weight"]), ("weight", w)]));

        Assert.Equal("parameters", ex.ParamName);
        Assert.Contains("expected unique names, got 'weight' at positions 0 and 2", ex.Message);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], folder.Entries());
    }

    [Fact]
    public void Save_IoFailureWhileWritingData_KeepsPreviousFileAndDeletesTemp()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        SafeTensors.Save(path, TinyModel<float>.Standard(1));
        byte[] original = File.ReadAllBytes(path);
        FailingStream? failing = null;

        var ex = Assert.Throws<IOException>(() => SafeTensors.Save(
            path, TinyModel<float>.Standard(2).NamedParameters(), null, file => failing = new FailingStream(file, original.Length - 20)));

        Assert.NotNull(failing);
        Assert.True(failing.Failed, "the failure must come from the data write, not before it");
        Assert.Equal(folder.Path, Path.GetDirectoryName(failing.FileName));
        Assert.NotEqual(path, failing.FileName);
        Assert.Contains($"saving checkpoint '{path}' failed", ex.Message);
        Assert.Contains("disk full", ex.Message);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], folder.Entries());
    }

    [Fact]
    public void Save_TargetIsAFolder_ThrowsNamingItAndLeavesNoTemp()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.safetensors");
        Directory.CreateDirectory(path);

        var ex = Assert.Throws<IOException>(() => SafeTensors.Save(path, TinyModel<float>.Standard(1)));

        Assert.Contains($"saving checkpoint '{path}' failed", ex.Message);
        Assert.Equal(["m.safetensors"], folder.Entries());
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
    }

    [Fact]
    public void Save_IntoMissingFolder_ThrowsNamingTheFolder()
    {
        using var folder = new TempFolder();
        string missing = folder.File("no-such-folder");
        string path = Path.Combine(missing, "m.safetensors");

        var ex = Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Save(path, TinyModel<float>.Standard(1)));

        Assert.Contains($"folder '{missing}' does not exist", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Empty(folder.Entries());
    }

    [Theory]
    [InlineData("__metadata__")]
    [InlineData("")]
    [InlineData(" ")]
    public void Save_ReservedOrBlankName_ThrowsArgumentException(string name)
    {
        using var folder = new TempFolder();
        var p = new Parameter<float>("w", new Tensor<float>(2));

        var ex = Assert.Throws<ArgumentException>(() => SafeTensors.Save(folder.File("m.safetensors"), [(name, p)]));

        Assert.Equal("parameters", ex.ParamName);
        Assert.Contains($"got '{name}'", ex.Message);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void Save_NullMetadataValue_ThrowsNamingTheKey()
    {
        using var folder = new TempFolder();
        var metadata = new Dictionary<string, string> { ["epoch"] = "3", ["loss"] = null! };

        var ex = Assert.Throws<ArgumentException>(
            () => SafeTensors.Save(folder.File("m.safetensors"), TinyModel<float>.Standard(1), metadata));

        Assert.Equal("metadata", ex.ParamName);
        Assert.Contains("got null for key 'loss'", ex.Message);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void Save_HalfParameters_ThrowsNotSupported()
    {
        using var folder = new TempFolder();
        var p = new Parameter<Half>("w", new Tensor<Half>(2));

        var ex = Assert.Throws<NotSupportedException>(() => SafeTensors.Save(folder.File("m.safetensors"), [("w", p)]));

        Assert.Contains("got Half", ex.Message);
        Assert.Empty(folder.Entries());
    }

    /// <summary>Passes writes through until <c>budget</c> bytes, then fails as a full disk would.</summary>
    private sealed class FailingStream(FileStream inner, long budget) : Stream
    {
        private long _written;

        public bool Failed { get; private set; }

        public string FileName => inner.Name;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > budget)
            {
                Failed = true;
                throw new IOException("No space left on device (simulated disk full)");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
