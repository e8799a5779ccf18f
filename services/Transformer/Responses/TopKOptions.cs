namespace Modelplane.Transformer.Responses;

/// <summary>Settings of <c>top-k</c>.</summary>
public sealed class TopKOptions
{
    /// <summary>The predictor output of scores, classes along its last dimension.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>How many classes to give per row.</summary>
    public int K { get; set; } = 5;

    /// <summary>The model's <c>config.json</c> (or its directory, or a text file of one label per line) to name the classes by.</summary>
    public string? Labels { get; set; }

    /// <summary>The output of label names, <c>[N, K]</c>.</summary>
    public string LabelsOutput { get; set; } = "labels";

    /// <summary>The output of their scores, <c>[N, K]</c>.</summary>
    public string ScoresOutput { get; set; } = "scores";
}
