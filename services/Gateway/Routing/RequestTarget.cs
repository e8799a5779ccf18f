namespace Modelplane.Gateway.Routing;

/// <summary>What a request asks for, read from its host, path and headers before any routing decision.</summary>
public readonly record struct RequestTarget(string? ServiceName, bool ByHost, bool Explain, bool Grpc)
{
    /// <summary>The header gRPC clients name the model in (KServe routes gRPC by host, or by this metadata).</summary>
    public const string GrpcModelHeader = "model-name";

    /// <summary>Reads a request: <c>Host: {service}.{namespace}.{domain}</c>, else <c>/v1/models/{name}[:verb]</c> or <c>/v2/models/{name}/...</c>.</summary>
    public static RequestTarget Read(HttpRequest request, CompiledRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routes);
        var grpc = request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var path = request.Path.Value ?? string.Empty;
        var explain = !grpc && (path.EndsWith(":explain", StringComparison.Ordinal) || path.EndsWith("/explain", StringComparison.Ordinal));
        if (routes.FindByHost(request.Host.Host) is { } byHost)
        {
            return new RequestTarget(byHost.Name, ByHost: true, explain, grpc);
        }

        if (grpc)
        {
            return new RequestTarget(request.Headers[GrpcModelHeader].FirstOrDefault(), ByHost: false, explain, grpc);
        }

        return new RequestTarget(ModelName(path), ByHost: false, explain, grpc);
    }

    private static string? ModelName(string path)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["/v1/models/", "/v2/models/"])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = path.AsSpan(prefix.Length);
                var end = rest.IndexOfAny('/', ':');
                return (end < 0 ? rest : rest[..end]).ToString();
            }
        }

        return null;
    }
}
