using System.Diagnostics;

namespace Modelplane.Transformer.Pipeline;

/// <summary>The transformer's spans (preprocess, predict, postprocess), under the incoming request's span, so a trace shows where the time went.</summary>
internal static class TransformerTelemetry
{
    public const string SourceName = "Modelplane.Transformer";

    public static readonly ActivitySource Source = new(SourceName);
}
