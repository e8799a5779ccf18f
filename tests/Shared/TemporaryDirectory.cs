namespace Modelplane.Testing;

/// <summary>A fresh, empty directory that is deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix = "modelplane-tests")
        : this(Path.GetTempPath(), prefix)
    {
    }

    /// <summary>A fresh directory under <paramref name="parent"/>.</summary>
    public TemporaryDirectory(string parent, string prefix) => Directory.CreateDirectory(FullPath = Path.Combine(parent, $"{prefix}-{Guid.NewGuid():N}"));

    public string FullPath { get; }

    /// <summary>A path inside the directory.</summary>
    public string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(FullPath))
        {
            Directory.Delete(FullPath, recursive: true);
        }
    }
}
