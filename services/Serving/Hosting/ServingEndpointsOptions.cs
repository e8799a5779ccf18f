namespace Modelplane.Serving.Hosting;

/// <summary>Where a Modelplane server listens besides its HTTP addresses, bound from the <c>Serving</c> section.</summary>
public sealed class ServingEndpointsOptions
{
    /// <summary>
    /// The gRPC port (HTTP/2 only), beside the HTTP addresses on the same host: 8081 by default as in KServe,
    /// 0 for a port the OS picks, -1 for no gRPC.
    /// </summary>
    public int GrpcPort { get; set; } = ServingEndpoints.DefaultGrpcPort;
}
