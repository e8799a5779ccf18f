namespace Modelplane.Transformer.Responses;

/// <summary>Settings of <c>threshold</c>.</summary>
public sealed class ThresholdOptions
{
    /// <summary>The predictor output of scores.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>A score at or above it is positive.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>The label for a positive score; with <see cref="Below"/>, the result is these names instead of true and false.</summary>
    public string? Above { get; set; }

    /// <summary>The label for a negative score.</summary>
    public string? Below { get; set; }

    /// <summary>The output of the decisions, of the scores' shape.</summary>
    public string To { get; set; } = "label";
}
