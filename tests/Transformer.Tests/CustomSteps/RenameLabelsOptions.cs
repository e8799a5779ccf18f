namespace Modelplane.Transformer.Tests.CustomSteps;

/// <summary>Settings of the sample step <c>rename-labels</c>, bound from its entry in the pipeline.</summary>
public sealed class RenameLabelsOptions
{
    /// <summary>The output of labels to rename.</summary>
    public string Output { get; set; } = "label";

    /// <summary>Each label's new name; labels not named here stay as they are.</summary>
    public Dictionary<string, string> Names { get; set; } = [];
}
