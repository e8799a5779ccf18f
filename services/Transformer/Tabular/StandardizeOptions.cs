namespace Modelplane.Transformer.Tabular;

/// <summary>Settings of <c>table.standardize</c>.</summary>
public sealed class StandardizeOptions
{
    /// <summary>The statistics file: <c>{"feature": {"mean": ..., "std": ...}}</c>; each feature it names becomes <c>(x − mean) / std</c>.</summary>
    public string Statistics { get; set; } = string.Empty;
}
