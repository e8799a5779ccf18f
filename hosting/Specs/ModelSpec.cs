namespace Modelplane.Hosting.Specs;

/// <summary>The model a component serves: its format, where it is stored, and the runtime and protocol the spec asks for.</summary>
public sealed record ModelSpec
{
    /// <summary>The model's format (<c>onnx</c>, <c>sklearn</c>, <c>tensorflow</c>...; for an explainer <c>alibi</c> or <c>art</c>); null when the spec does not say.</summary>
    public ModelFormat? Format { get; init; }

    /// <summary>Where the model is stored, as KServe's <c>storageUri</c>; null when the spec names it otherwise.</summary>
    public string? StorageUri { get; init; }

    /// <summary>The name of a model in the model store (KubeDL's <c>modelVersion</c>), when the spec names the model rather than its location.</summary>
    public string? StoreModel { get; init; }

    /// <summary>KServe's ServingRuntime name (<c>runtime</c>); null for the one the format selects.</summary>
    public string? Runtime { get; init; }

    /// <summary>The version of the runtime's server (<c>runtimeVersion</c>); null for its default.</summary>
    public string? RuntimeVersion { get; init; }

    /// <summary>The inference protocol the server speaks; null for the runtime's default.</summary>
    public ProtocolVersion? Protocol { get; init; }

    /// <summary>The model name requests use (<c>/v2/models/{name}/infer</c>); null for the service's name.</summary>
    public string? Name { get; init; }
}
