namespace Modelplane.Hosting.Specs;

/// <summary>
/// The annotations by which a spec written for a cluster tells Modelplane what to run locally instead of a container
/// image. Each applies to every revision, on the object or on a KServe component; <c>{key}.{revision}</c> on the object
/// sets it for one revision (<c>modelplane.io/storage-uri.canary</c>).
/// </summary>
public static class ModelplaneAnnotations
{
    /// <summary>Where the predictor's ONNX model is (<c>s3://models/iris</c>).</summary>
    public const string StorageUri = "modelplane.io/storage-uri";

    /// <summary>The pipeline of Modelplane's transformer (<c>image</c>, <c>tabular</c>, <c>text</c>) that stands in for a transformer container.</summary>
    public const string Transformer = "modelplane.io/transformer";

    /// <summary>The method of Modelplane's explainer that stands in for an explainer container.</summary>
    public const string Explainer = "modelplane.io/explainer";

    /// <summary>
    /// <c>"true"</c>: a new version of the predictor's model in the local store (a new <c>{model}/{version}/</c> directory,
    /// or changed files) rolls the service out to a new revision that serves it, while the AppHost runs.
    /// </summary>
    public const string FollowModelVersions = "modelplane.io/follow-model-versions";

    /// <summary>
    /// On the object only: <c>required</c> when a predictor that asks for <c>nvidia.com/gpu</c> must not run without one,
    /// so a local run on a machine without a GPU (or without the predictor's GPU flavour) refuses the service instead of
    /// running it on the CPU; <c>optional</c>, the default, runs it on the CPU there.
    /// </summary>
    public const string Gpu = "modelplane.io/gpu";

    /// <summary>The value of <see cref="Gpu"/> that forbids running on the CPU.</summary>
    public const string GpuRequired = "required";

    /// <summary>The value of <see cref="Gpu"/> that runs on the CPU where no GPU can be used, the default.</summary>
    public const string GpuOptional = "optional";

    /// <summary>The key that sets annotation <paramref name="key"/> for one revision.</summary>
    public static string ForRevision(string key, string revision) => $"{key}.{revision}";
}
