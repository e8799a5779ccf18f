namespace Modelplane.Transformer;

/// <summary>Where the predictor is and how to reach it, bound from the <c>Transformer</c> section; the pipelines sit under <c>Transformer:Models</c>.</summary>
public sealed class TransformerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Transformer";

    /// <summary>
    /// The predictor (<c>--predictor_host</c>): a service name found through service discovery
    /// (<c>services__{name}__http__0</c>, or <c>__grpc__0</c> for gRPC), a <c>host:port</c>, or a URL.
    /// </summary>
    public string? Predictor { get; set; }

    /// <summary>How to call the predictor (<c>--protocol</c>): <c>v2</c> (REST, the default) or <c>grpc-v2</c>.</summary>
    public string Protocol { get; set; } = PredictorProtocols.RestV2;

    /// <summary>How long to wait for the predictor's answer before the request fails with 503.</summary>
    public double PredictorTimeoutSeconds { get; set; } = 30;

    /// <summary>A JSON file of pipelines (<c>--pipeline</c>), shaped as this section; files it names are relative to it.</summary>
    public string? Pipeline { get; set; }
}
