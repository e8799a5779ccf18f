namespace Modelplane.Transformer.Tabular;

/// <summary>One feature of a <see cref="FeatureTable"/>: a number per row, or a category per row; null where the row lacks it.</summary>
public sealed class FeatureColumn
{
    internal FeatureColumn(string name, double?[]? numbers, string?[]? categories, string[] where)
    {
        Name = name;
        Numbers = numbers;
        Categories = categories;
        Where = where;
    }

    /// <summary>The feature's name.</summary>
    public string Name { get; }

    /// <summary>The values of a numeric feature; null for a categorical one.</summary>
    public double?[]? Numbers { get; }

    /// <summary>The values of a categorical feature; null for a numeric one.</summary>
    public string?[]? Categories { get; }

    /// <summary>Where each row's value is in the request, for messages.</summary>
    public IReadOnlyList<string> Where { get; }

    /// <summary>True when the feature is categorical.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>True when row <paramref name="row"/> has no value.</summary>
    public bool IsMissing(int row) => IsCategorical ? Categories![row] is null : Numbers![row] is null;

    internal static FeatureColumn Numeric(string name, double?[] values, string[] where) => new(name, values, null, where);

    internal static FeatureColumn Categorical(string name, string?[] values, string[] where) => new(name, null, values, where);
}
