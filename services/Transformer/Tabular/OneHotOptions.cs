namespace Modelplane.Transformer.Tabular;

/// <summary>Settings of <c>table.one-hot</c>.</summary>
public sealed class OneHotOptions
{
    /// <summary>The categorical feature to encode.</summary>
    public string Feature { get; set; } = string.Empty;

    /// <summary>Its categories, in the order of the columns they become (<c>feature=category</c>).</summary>
    public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>What to do with a category not listed: <c>Reject</c> (the default) or <c>Zeros</c>.</summary>
    public UnknownCategoryPolicy UnknownCategories { get; set; } = UnknownCategoryPolicy.Reject;
}
