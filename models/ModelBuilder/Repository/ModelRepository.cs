using System.Globalization;

namespace Modelplane.ModelBuilder.Repository;

/// <summary>A Triton-style model repository on disk: {model}/{version}/model.onnx plus an optional {model}/config.json.</summary>
internal sealed class ModelRepository
{
    public ModelRepository(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = root;
    }

    public string Root { get; }

    /// <summary>
    /// Finds the repository's models/ directory, which holds this project's source, by walking up from
    /// <paramref name="startDirectory"/> (the build output lies below it); null when it is not there.
    /// </summary>
    public static string? FindSourceRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelBuilder", "ModelBuilder.csproj")))
            {
                return directory.FullName;
            }

            var models = Path.Combine(directory.FullName, "models");
            if (File.Exists(Path.Combine(models, "ModelBuilder", "ModelBuilder.csproj")))
            {
                return models;
            }
        }

        return null;
    }

    public string ModelPath(string name, int version) =>
        Path.Combine(Root, name, version.ToString(CultureInfo.InvariantCulture), "model.onnx");

    public string ConfigPath(string name) => Path.Combine(Root, name, "config.json");

    /// <summary>Where an explainer finds the model's background data: beside config.json.</summary>
    public string BackgroundPath(string name) => Path.Combine(Root, name, "background.csv");

    /// <summary>Writes the model, its config.json and its background.csv when it has them; returns the paths written.</summary>
    public IReadOnlyList<string> Write(BuiltModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modelPath = ModelPath(model.Name, model.Version);
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        File.WriteAllBytes(modelPath, model.Onnx);
        List<string> written = [modelPath];
        if (model.Config is not null)
        {
            var configPath = ConfigPath(model.Name);
            File.WriteAllText(configPath, model.Config.ToJson());
            written.Add(configPath);
        }

        if (model.Background is not null)
        {
            var backgroundPath = BackgroundPath(model.Name);
            File.WriteAllText(backgroundPath, model.Background);
            written.Add(backgroundPath);
        }

        return written;
    }
}
