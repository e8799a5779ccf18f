namespace Modelplane.Serving.Protocol;

/// <summary>What <c>GET /v2/models/{name}</c> returns: the model's name, versions, platform, inputs and outputs.</summary>
public sealed class ModelMetadata
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The versions served.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>The framework that runs the model, e.g. <c>onnxruntime_onnx</c>.</summary>
    public required string Platform { get; init; }

    /// <summary>The inputs the model takes.</summary>
    public required IReadOnlyList<TensorMetadata> Inputs { get; init; }

    /// <summary>The outputs the model gives.</summary>
    public required IReadOnlyList<TensorMetadata> Outputs { get; init; }

    /// <summary>
    /// Facts about the model beyond the protocol's fields, such as the predictor's <c>execution_provider</c>; a field
    /// clients that do not know it skip. Values are read back as <see cref="System.Text.Json.JsonElement"/>, so
    /// another server's numbers and booleans read as well as strings.
    /// </summary>
    public IReadOnlyDictionary<string, object>? Parameters { get; init; }

    /// <summary>Describes a ready model version, listing the versions served beside it.</summary>
    public static ModelMetadata Describe(Models.InferenceModel model, IEnumerable<Models.InferenceModel> versions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(versions);
        model.EnsureReady();
        return new ModelMetadata
        {
            Name = model.Name,
            Versions = [.. versions.Where(v => v.IsReady).Select(v => v.Version)],
            Platform = model.Platform,
            Inputs = model.Inputs,
            Outputs = model.Outputs,
            Parameters = model.Parameters,
        };
    }
}
