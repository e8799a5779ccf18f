namespace Modelplane.Hosting.ApplicationModel;

/// <summary>
/// A port the resource listens on: <c>http</c> (HTTP/1.1 and HTTP/2) or <c>grpc</c> (HTTP/2 only, as a model server's
/// gRPC port). Locally each replica gets a free port on 127.0.0.1 unless <see cref="Port"/> fixes one; published, it
/// becomes a container port and a Service port (<see cref="TargetPort"/>).
/// </summary>
/// <param name="Name">The endpoint's name, as in <c>services__{resource}__{name}__0</c>.</param>
/// <param name="Port">A fixed local port, or null for a free one.</param>
/// <param name="TargetPort">The port inside a container when published.</param>
public sealed record EndpointAnnotation(string Name, int? Port, int TargetPort) : IResourceAnnotation
{
    /// <summary>The name of the HTTP endpoint every service has.</summary>
    public const string Http = "http";

    /// <summary>The name of a model server's HTTP/2-only gRPC endpoint.</summary>
    public const string Grpc = "grpc";
}
