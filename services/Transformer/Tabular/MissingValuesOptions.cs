namespace Modelplane.Transformer.Tabular;

/// <summary>Settings of <c>table.missing</c>.</summary>
public sealed class MissingValuesOptions
{
    /// <summary><c>Reject</c> (the default) or <c>Impute</c>.</summary>
    public MissingValuePolicy Policy { get; set; } = MissingValuePolicy.Reject;

    /// <summary>The value to impute per feature (a number, or a category).</summary>
    public IReadOnlyDictionary<string, string> Values { get; set; } = new Dictionary<string, string>();

    /// <summary>A statistics file whose means impute numeric features that <see cref="Values"/> does not name.</summary>
    public string? Statistics { get; set; }
}
