namespace Modelplane.Transformer.Responses;

/// <summary>Settings of <c>argmax</c>.</summary>
public sealed class ArgmaxOptions
{
    /// <summary>The predictor output of scores, classes along its last dimension.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>The model's <c>config.json</c> (or its directory, or a text file of one label per line) to name the classes by.</summary>
    public string? Labels { get; set; }

    /// <summary>The output of the best class's name per row.</summary>
    public string LabelOutput { get; set; } = "label";

    /// <summary>The output of its score.</summary>
    public string ScoreOutput { get; set; } = "score";
}
