namespace Modelplane.Hosting.Publishing;

/// <summary>What <c>publish</c> was asked for: the target, where to write, and how the container images are named.</summary>
public sealed record PublishOptions
{
    /// <summary>The registry images are named under by default; a local name, so nothing is pushed by accident.</summary>
    public const string DefaultRegistry = "modelplane";

    /// <summary>The target's name: <c>kubernetes</c>, <c>kserve</c> or <c>manifest</c>.</summary>
    public required string Target { get; init; }

    /// <summary>The directory the manifests are written to; replaced as a whole once everything is written.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The registry (and path) of Modelplane's images: <c>ghcr.io/you</c> gives <c>ghcr.io/you/modelplane-predictor:{tag}</c>.</summary>
    public string Registry { get; init; } = DefaultRegistry;

    /// <summary>The tag of Modelplane's images; by default the version of the running Modelplane.</summary>
    public string Tag { get; init; } = DefaultTag;

    /// <summary>The namespace everything goes to; null for kubectl's current one.</summary>
    public string? Namespace { get; init; }

    /// <summary>The version Modelplane was built as, the default image tag.</summary>
    public static string DefaultTag { get; } =
        typeof(PublishOptions).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "latest";
}
