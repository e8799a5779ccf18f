using Microsoft.Extensions.Configuration;

namespace Modelplane.Transformer.Predictors;

/// <summary>
/// Turns <c>Transformer:Predictor</c> into the address a client calls: a URL as given; <c>host:port</c> (KServe's
/// <c>--predictor_host</c>) over plain http; a name with a <c>services:{name}</c> section as Aspire's service discovery
/// names it (<c>http://name</c>, or <c>http://_grpc.name</c> for the gRPC endpoint), resolved by the service discovery handler.
/// </summary>
internal static class PredictorAddress
{
    public static Uri Resolve(string predictor, bool grpc, IConfiguration configuration)
    {
        if (predictor.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(predictor, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : throw new InvalidDataException($"Transformer:Predictor '{predictor}' is not an http(s) URL");
        }

        if (configuration.GetSection($"services:{predictor}").Exists())
        {
            return new Uri(grpc ? $"http://_grpc.{predictor}" : $"http://{predictor}");
        }

        return Uri.TryCreate($"http://{predictor}", UriKind.Absolute, out var hostPort) && hostPort.AbsolutePath == "/"
            ? hostPort
            : throw new InvalidDataException($"Transformer:Predictor '{predictor}' is neither a URL, a host:port, nor a service name with a services:{predictor} section");
    }
}
