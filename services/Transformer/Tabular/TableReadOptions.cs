namespace Modelplane.Transformer.Tabular;

/// <summary>Settings of <c>table.read</c>.</summary>
public sealed class TableReadOptions
{
    /// <summary>The features, in order: members of each v1 instance, or v2 inputs with one value per row.</summary>
    public IReadOnlyList<string> Features { get; set; } = [];

    /// <summary>The features that are categories (strings) rather than numbers.</summary>
    public IReadOnlyList<string> Categorical { get; set; } = [];

    /// <summary>What to do with a feature not in <see cref="Features"/>: <c>Reject</c> (the default) or <c>Ignore</c>.</summary>
    public UnknownFeaturePolicy UnknownFeatures { get; set; } = UnknownFeaturePolicy.Reject;
}
