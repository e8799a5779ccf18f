namespace Modelplane.Predictor.Tests;

/// <summary>A model repository in a temporary directory, filled from the sample models and with deliberately broken ones.</summary>
internal sealed class TestModelRepository : IDisposable
{
    private readonly TemporaryDirectory _directory = new("predictor-repository");

    public string Root => _directory.FullPath;

    public static byte[] IrisModelBytes => File.ReadAllBytes(RepositoryRoot.Combine("models", "iris", "1", "model.onnx"));

    /// <summary>Adds the sample iris model as <paramref name="name"/> in each of <paramref name="versions"/>, with its config.json.</summary>
    public TestModelRepository AddIris(string name = "iris", params int[] versions)
    {
        foreach (var version in versions.Length == 0 ? [1] : versions)
        {
            AddModelFile(name, version, IrisModelBytes);
        }

        File.Copy(RepositoryRoot.Combine("models", "iris", "config.json"), Path.Combine(Root, name, "config.json"), overwrite: true);
        return this;
    }

    public TestModelRepository AddModelFile(string name, int version, byte[] bytes)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, name, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllBytes(Path.Combine(directory.FullName, "model.onnx"), bytes);
        return this;
    }

    public TestModelRepository AddConfig(string name, string json)
    {
        Directory.CreateDirectory(Path.Combine(Root, name));
        File.WriteAllText(Path.Combine(Root, name, "config.json"), json);
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
