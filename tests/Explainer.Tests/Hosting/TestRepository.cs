extern alias modelbuilder;

using modelbuilder::Modelplane.ModelBuilder.Data;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>A model repository in a temporary directory, which the predictor serves and the explainer explains.</summary>
internal sealed class TestRepository : IDisposable
{
    private readonly TemporaryDirectory _directory = new("explainer-repository");

    public string Root => _directory.FullPath;

    /// <summary>Adds a copy of the sample iris model as <paramref name="name"/>, with its config.json and, unless told otherwise, its background.csv.</summary>
    public TestRepository AddIris(string name, bool background = true)
    {
        Add(name, File.ReadAllBytes(RepositoryRoot.Combine("models", "iris", "1", "model.onnx")), File.ReadAllText(RepositoryRoot.Combine("models", "iris", "config.json")));
        if (background)
        {
            File.Copy(RepositoryRoot.Combine("models", "iris", "background.csv"), Path.Combine(Root, name, "background.csv"));
        }

        return this;
    }

    /// <summary>Adds <c>{name}/1/model.onnx</c>, and <c>{name}/config.json</c> when given.</summary>
    public TestRepository Add(string name, byte[] model, string? config = null)
    {
        Directory.CreateDirectory(Path.Combine(Root, name, "1"));
        File.WriteAllBytes(Path.Combine(Root, name, "1", "model.onnx"), model);
        if (config is not null)
        {
            File.WriteAllText(Path.Combine(Root, name, "config.json"), config);
        }

        return this;
    }

    /// <summary>Writes <paramref name="rows"/> as <c>{name}/background.csv</c> under a header of <paramref name="names"/>.</summary>
    public TestRepository AddBackground(string name, IReadOnlyList<string> names, IEnumerable<IReadOnlyList<double>> rows)
    {
        File.WriteAllText(Path.Combine(Root, name, "background.csv"), FeatureCsvWriter.Write(names, rows));
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
