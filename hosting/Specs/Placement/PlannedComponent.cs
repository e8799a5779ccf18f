namespace Modelplane.Hosting.Specs.Placement;

/// <summary>How one component runs here: Modelplane's own server for its role, with the model it loads and its settings.</summary>
public sealed record PlannedComponent
{
    public required ComponentRole Role { get; init; }

    /// <summary>The component as the spec describes it (replicas, batching, resources...).</summary>
    public required ComponentSpec Spec { get; init; }

    /// <summary>What the storage initializer fetches for a predictor (<c>STORAGE_URI</c>); null for a transformer or explainer.</summary>
    public string? StorageUri { get; init; }

    public ModelLocator LocatedBy { get; init; }

    /// <summary>The model name requests use.</summary>
    public required string ModelName { get; init; }

    /// <summary>The spec's container image that this server stands in for; null when the spec named none.</summary>
    public string? ReplacesImage { get; init; }

    /// <summary>The server's settings: the spec's, with a transformer's <c>pipeline</c> or an explainer's <c>type</c> resolved.</summary>
    public EquatableDictionary Settings { get; init; } = EquatableDictionary.Empty;
}
