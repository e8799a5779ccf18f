namespace Modelplane.Transformer.Tabular;

/// <summary>What <c>table.missing</c> does with a feature a row lacks.</summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse the request (400), naming the row and the feature.</summary>
    Reject,

    /// <summary>Fill it in: from <c>Values</c>, else the feature's mean in <c>Statistics</c>.</summary>
    Impute,
}
