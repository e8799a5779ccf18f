using Microsoft.Extensions.Configuration;

namespace Modelplane.Serving.Client;

/// <summary>
/// The address a client calls and how messages name it. A URL is taken as given; <c>host:port</c> (KServe's
/// <c>--predictor_host</c>) is plain http; a name with a <c>services:{name}</c> section, as Aspire passes a reference,
/// becomes <c>http://name</c> (or <c>http://_grpc.name</c> for the gRPC endpoint), which the service discovery handler resolves.
/// </summary>
internal sealed record InferenceTarget(Uri BaseAddress, string Description)
{
    /// <summary>The target <paramref name="address"/> names, or null with the problem, phrased to follow the quoted address.</summary>
    public static InferenceTarget? Resolve(string address, InferenceProtocol protocol, IConfiguration configuration, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(configuration);
        problem = null;
        var text = address.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problem = $"'{address}' is not an http(s) URL; give http://HOST:PORT, HOST:PORT or a service name";
                return null;
            }

            return OfUrl(url, address, out problem);
        }

        var endpoint = protocol == InferenceProtocol.Grpc ? "grpc" : "http";
        if (configuration.GetSection($"services:{text}").Exists())
        {
            var endpoints = configuration.GetSection($"services:{text}:{endpoint}").GetChildren().Select(e => e.Value).OfType<string>().ToList();
            if (endpoints.Count == 0 || Uri.CheckHostName(text) == UriHostNameType.Unknown)
            {
                problem = $"'{address}' names a service without a usable {endpoint} endpoint; service discovery needs services__{text}__{endpoint}__0";
                return null;
            }

            var discovered = new Uri(protocol == InferenceProtocol.Grpc ? $"http://_grpc.{text}" : $"http://{text}");
            return new InferenceTarget(discovered, $"the predictor '{text}' ({string.Join(", ", endpoints)})");
        }

        if (Uri.TryCreate($"http://{text}", UriKind.Absolute, out var hostPort) && hostPort.Authority.Length > 0)
        {
            return OfUrl(hostPort, address, out problem);
        }

        problem = $"'{address}' is neither a URL, a host:port, nor a service name with a services:{text} section";
        return null;
    }

    // The protocol's paths are the client's to add, so an address with a path of its own would be called wrongly.
    private static InferenceTarget? OfUrl(Uri url, string address, out string? problem)
    {
        if (url.AbsolutePath != "/" || url.Query.Length > 0)
        {
            problem = $"'{address}' is not a predictor address; give http://HOST:PORT or HOST:PORT, without a path (the client adds /v2/...)";
            return null;
        }

        problem = null;
        var root = url.GetLeftPart(UriPartial.Authority);
        return new InferenceTarget(new Uri(root + "/"), $"the predictor at {root}");
    }
}
