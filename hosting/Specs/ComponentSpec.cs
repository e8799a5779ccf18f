namespace Modelplane.Hosting.Specs;

/// <summary>One component of a revision (predictor, transformer or explainer): what it serves, how it scales and what it may use.</summary>
public sealed record ComponentSpec
{
    /// <summary>The model it serves (for an explainer, its method and saved state); null for a plain container.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>The container the spec asks for (a custom server, or overrides of a framework's server); null when none is named.</summary>
    public ContainerSpec? Container { get; init; }

    public ScalingSpec Scaling { get; init; } = new();

    /// <summary>Server-side request batching; null for none.</summary>
    public BatchingSpec? Batching { get; init; }

    /// <summary>Requests one replica handles at once (Knative's containerConcurrency); 0 for no limit, null when not given.</summary>
    public int? ContainerConcurrency { get; init; }

    /// <summary>How long a request to this component may take; null for the default.</summary>
    public TimeSpan? Timeout { get; init; }

    public ResourceSpec Resources { get; init; } = new();

    /// <summary>Free settings for the server: a transformer's pipeline, an explainer's method and its configuration.</summary>
    public EquatableDictionary Settings { get; init; } = EquatableDictionary.Empty;

    /// <summary>Labels for the component's pods.</summary>
    public EquatableDictionary Labels { get; init; } = EquatableDictionary.Empty;

    /// <summary>Annotations for the component's pods.</summary>
    public EquatableDictionary Annotations { get; init; } = EquatableDictionary.Empty;
}
