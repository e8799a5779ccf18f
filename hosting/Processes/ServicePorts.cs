namespace Modelplane.Hosting.Processes;

/// <summary>
/// The endpoints every Modelplane service has, by the names Aspire and Kubernetes give them, and the ports they use in
/// a container, where each service has a pod of its own.
/// </summary>
public static class ServicePorts
{
    /// <summary>The HTTP endpoint's name (<c>services__{name}__http__0</c>, a Service's port name).</summary>
    public const string Http = "http";

    /// <summary>The gRPC endpoint's name: a model server's HTTP/2-only port.</summary>
    public const string Grpc = "grpc";

    /// <summary>HTTP's port in a container.</summary>
    public const int HttpTarget = 8080;

    /// <summary>gRPC's port in a container.</summary>
    public const int GrpcTarget = 8081;

    /// <summary>Answers 2xx once the process runs, before its models load: the startup probe.</summary>
    public const string LivePath = "/v2/health/live";

    /// <summary>Answers 2xx while the process is alive (ServiceDefaults): the liveness probe, and where it names its instance.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Answers 2xx once the process can serve: the readiness probe.</summary>
    public const string ReadyPath = "/v2/health/ready";
}
