namespace Modelplane.Testing;

/// <summary>A fresh, empty directory that is deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix = "modelplane-tests") => Directory.CreateDirectory(FullPath = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"));

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
