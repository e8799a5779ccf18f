namespace Modelplane.Transformer.Tabular;

/// <summary>What <c>table.read</c> does with a feature that is not in its list.</summary>
public enum UnknownFeaturePolicy
{
    /// <summary>Refuse the request (400), naming the feature: a misspelt feature is not silently lost.</summary>
    Reject,

    /// <summary>Leave it out, as a client that sends more than the model needs expects.</summary>
    Ignore,
}
