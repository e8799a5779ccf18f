namespace Modelplane.Transformer.Responses;

/// <summary>Settings of <c>softmax</c>.</summary>
public sealed class SoftmaxOptions
{
    /// <summary>The predictor output whose last dimension holds the logits; replaced in place by probabilities.</summary>
    public string Output { get; set; } = string.Empty;
}
