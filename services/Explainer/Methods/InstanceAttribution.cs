namespace Modelplane.Explainer.Methods;

/// <summary>
/// The explanation of one instance: the model's scores for it, the base scores attributions start from (none for
/// occlusion), and <c>Values[class][feature]</c>, a feature being an input column or, for an image, a pixel.
/// </summary>
internal sealed record InstanceAttribution(double[] OutputValues, double[]? BaseValues, double[][] Values);
