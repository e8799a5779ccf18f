using System.Text.Json;

namespace Modelplane.Serving.Repository;

/// <summary>
/// A model's optional <c>{model}/config.json</c> in the repository: class labels, input and output overrides,
/// and the outputs a v1 <c>:predict</c> answers with. Unknown settings are errors, so a typo is not silently ignored.
/// </summary>
public sealed class ModelConfig
{
    /// <summary>The file name inside the model directory.</summary>
    public const string FileName = "config.json";

    /// <summary>Class labels by index, for the classification extension and explanations.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Input overrides and feature names.</summary>
    public IReadOnlyList<TensorConfig>? Inputs { get; init; }

    /// <summary>Output overrides.</summary>
    public IReadOnlyList<TensorConfig>? Outputs { get; init; }

    /// <summary>The outputs a KServe v1 <c>:predict</c> returns; the model's first output when absent.</summary>
    public IReadOnlyList<string>? PredictOutputs { get; init; }

    /// <summary>Dynamic batching for this model (<c>maxBatchSize</c>, <c>maxQueueDelayMicroseconds</c>); the server's setting when absent.</summary>
    public Batching.BatchingOptions? DynamicBatching { get; init; }

    /// <summary>Which versions are served; all of them when absent.</summary>
    public ModelVersionPolicy? VersionPolicy { get; init; }

    /// <summary>An empty configuration, for models without a file.</summary>
    public static ModelConfig Empty { get; } = new();

    /// <summary>Reads <c>config.json</c> from a model directory, or <see cref="Empty"/> when there is none.</summary>
    public static ModelConfig Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var config = JsonSerializer.Deserialize(stream, ModelConfigJsonContext.Default.ModelConfig)
                ?? throw new InvalidDataException($"{FileName}: the file holds null; expected an object");
            return config.VersionPolicy?.Check() is { } problem ? throw new InvalidDataException($"{FileName}: {problem}")
                : config.DynamicBatching?.Problem() is { } batching ? throw new InvalidDataException($"{FileName}: dynamicBatching: {batching}")
                : config;
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new InvalidDataException($"{FileName}{where}: {Describe(e)}", e);
        }
    }

    /// <summary>The file's text: camelCase, two-space indent, "\n" line breaks and a final newline on every OS.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ModelConfigJsonContext.Default.ModelConfig) + "\n";

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
