namespace Modelplane.Hosting.Specs;

/// <summary>One revision of a service (<c>default</c>, <c>canary</c>, or a KubeDL predictor): its components and its share of the traffic.</summary>
public sealed record RevisionSpec
{
    /// <summary>The revision's name, a DNS label: <c>default</c>, <c>canary</c>, or the name the spec gives it.</summary>
    public required string Name { get; init; }

    /// <summary>Its share of the service's traffic, 0 to 100.</summary>
    public int TrafficPercent { get; init; } = 100;

    public required ComponentSpec Predictor { get; init; }

    public ComponentSpec? Transformer { get; init; }

    public ComponentSpec? Explainer { get; init; }

}
