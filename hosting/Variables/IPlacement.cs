using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.Hosting.Variables;

/// <summary>
/// Where the processes of a graph are, for one way of running it: on this machine (ports of 127.0.0.1), in a cluster
/// (Services and Secrets), or in an Aspire manifest (placeholders a deploying tool fills in). The environment of every
/// service is written once (<see cref="ServiceEnvironment"/>) and placed by one of these.
/// </summary>
internal interface IPlacement
{
    /// <summary>The ASP.NET Core environment the services run in, or null for their own default.</summary>
    string? EnvironmentName { get; }

    /// <summary>The name a service reports its telemetry under, or null where the orchestrator names it.</summary>
    string? TelemetryName(string service);

    /// <summary>Where <paramref name="service"/> listens for HTTP (<c>ASPNETCORE_URLS</c>).</summary>
    string ListenUrl(IModelplaneService service);

    /// <summary>The port <paramref name="service"/> listens on for gRPC (<c>Serving__GrpcPort</c>), or <c>-1</c> for none.</summary>
    string GrpcPort(IModelplaneService service);

    /// <summary>The addresses of one endpoint of a component: every replica's here, its Service's in a cluster.</summary>
    IReadOnlyList<string> Addresses(ComponentResource component, string endpoint);

    /// <summary>The GPUs <paramref name="component"/>'s process runs on, or null when it runs on the CPU.</summary>
    GpuUse? Gpus(ComponentResource component);

    /// <summary>Whether <see cref="Addresses"/> are an activator's that scales the component from zero, which the gateway must not probe.</summary>
    bool ThroughActivator(ComponentResource component);

    /// <summary>How a service reaches <paramref name="store"/>.</summary>
    EnvironmentValue ConnectionString(ModelStoreResource store);

    /// <summary>The value of a secret parameter of <paramref name="owner"/> (an API key of the gateway).</summary>
    EnvironmentValue Secret(IResource owner, ParameterResource parameter);

    /// <summary>Where the gateway reads its route table.</summary>
    string RouteTablePath(GatewayResource gateway);
}
