namespace Modelplane.Transformer.Tabular;

/// <summary>Named features, one row per instance, in column order: what the tabular steps read and rewrite.</summary>
public sealed class FeatureTable
{
    private readonly List<FeatureColumn> _columns;

    internal FeatureTable(int rows, IEnumerable<FeatureColumn> columns)
    {
        Rows = rows;
        _columns = [.. columns];
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<FeatureColumn> Columns => _columns;

    /// <summary>The column of a name, or null.</summary>
    public FeatureColumn? Find(string name) => _columns.Find(c => c.Name == name);

    /// <summary>Puts <paramref name="replacements"/> where the column <paramref name="name"/> was.</summary>
    internal void Replace(string name, params FeatureColumn[] replacements)
    {
        var index = _columns.FindIndex(c => c.Name == name);
        _columns.RemoveAt(index);
        _columns.InsertRange(index, replacements);
    }
}
