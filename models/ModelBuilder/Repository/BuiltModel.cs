using Modelplane.Serving.Repository;

namespace Modelplane.ModelBuilder.Repository;

/// <summary>
/// One version of a model, ready to be written into a model repository, with a one-line summary for the console and,
/// for models an explainer explains, background data as CSV text.
/// </summary>
internal sealed record BuiltModel(string Name, int Version, byte[] Onnx, ModelConfig? Config, string Summary, string? Background = null);
