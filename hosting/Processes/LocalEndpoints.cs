using System.Globalization;

namespace Modelplane.Hosting.Processes;

/// <summary>The ports a process listens on in a local run: HTTP (HTTP/1.1 and HTTP/2), and a model server's HTTP/2-only gRPC port.</summary>
public sealed record LocalEndpoints(int Http, int? Grpc)
{
    /// <summary>The HTTP address.</summary>
    public Uri HttpUrl => Url(Http);

    /// <summary>The gRPC address, or null.</summary>
    public Uri? GrpcUrl => Grpc is { } grpc ? Url(grpc) : null;

    private static Uri Url(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
}
