namespace Modelplane.Transformer.Tabular;

/// <summary>What <c>table.one-hot</c> does with a category not in its list.</summary>
public enum UnknownCategoryPolicy
{
    /// <summary>Refuse the request (400), naming the value and the categories known.</summary>
    Reject,

    /// <summary>All zeros, as scikit-learn's <c>handle_unknown="ignore"</c>.</summary>
    Zeros,
}
