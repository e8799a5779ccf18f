namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>A Triton-style model repository in a temporary directory, for the predictor behind the transformer.</summary>
internal sealed class ModelRepository : IDisposable
{
    private readonly TemporaryDirectory _directory = new("transformer-repository");

    public string Root => _directory.FullPath;

    public ModelRepository Add(string name, byte[] model, string? config = null)
    {
        Directory.CreateDirectory(Path.Combine(Root, name, "1"));
        File.WriteAllBytes(Path.Combine(Root, name, "1", "model.onnx"), model);
        if (config is not null)
        {
            File.WriteAllText(Path.Combine(Root, name, "config.json"), config);
        }

        return this;
    }

    /// <summary>Adds the sample iris model with its config.json (labels and feature names).</summary>
    public ModelRepository AddIris()
    {
        Add("iris", File.ReadAllBytes(RepositoryRoot.Combine("models", "iris", "1", "model.onnx")));
        File.Copy(RepositoryRoot.Combine("models", "iris", "config.json"), Path.Combine(Root, "iris", "config.json"));
        return this;
    }

    /// <summary>The path of a model's config.json.</summary>
    public string Config(string name) => Path.Combine(Root, name, "config.json");

    public void Dispose() => _directory.Dispose();
}
