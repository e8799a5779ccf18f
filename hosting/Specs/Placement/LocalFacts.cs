namespace Modelplane.Hosting.Specs.Placement;

/// <summary>What this machine offers a spec: the models the local store holds, and local copies of models stored where it cannot reach.</summary>
public sealed record LocalFacts
{
    /// <summary>The local store's bucket, as in <c>s3://models/iris</c>.</summary>
    public string StoreBucket { get; init; } = "models";

    /// <summary>The models the local store holds, by name (<c>iris</c> for <c>s3://models/iris</c>).</summary>
    public IReadOnlySet<string> StoreModels { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Storage URIs the AppHost maps to local ONNX copies, such as
    /// <c>gs://kfserving-examples/models/sklearn/1.0/model</c> to <c>s3://models/iris</c>; matched without a trailing slash.
    /// </summary>
    public IReadOnlyDictionary<string, string> StorageMappings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The storage URI of a model in the local store.</summary>
    public string StoreUri(string model) => $"s3://{StoreBucket}/{model}";
}
