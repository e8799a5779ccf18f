using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A plain Kubernetes cluster: each service listens on its container's ports on every interface, a component is
/// reached through its Service (which balances its replicas), or through KEDA's HTTP add-on interceptor when it scales
/// to zero; a store's connection string and the gateway's secrets come from Secrets, and the route table from the
/// gateway's ConfigMap.
/// </summary>
internal sealed class ClusterPlacement : IPlacement
{
    public static ClusterPlacement Instance { get; } = new();

    public string? EnvironmentName => null;

    public string? TelemetryName(string service) => service;

    public string ListenUrl(IModelplaneService service) => string.Create(CultureInfo.InvariantCulture, $"http://+:{ServicePorts.HttpTarget}");

    public string GrpcPort(IModelplaneService service) => ServicePorts.GrpcTarget.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> Addresses(ComponentResource component, string endpoint) =>
        ThroughActivator(component)
            ? [Address(ScaleFromZero.InterceptorAlias(component, endpoint), ScaleFromZero.InterceptorPort)]
            : [Address(component.Name, endpoint == ServicePorts.Grpc ? ServicePorts.GrpcTarget : ServicePorts.HttpTarget)];

    /// <summary>A predictor that asks for GPUs runs on those the cluster's device plugin gives its container.</summary>
    public GpuUse? Gpus(ComponentResource component) => component.UsesGpus ? GpuUse.Given : null;

    /// <summary>A component that scales to zero is reached through KEDA's HTTP add-on interceptor (<see cref="ScaleFromZero"/>).</summary>
    public bool ThroughActivator(ComponentResource component) => ScaleFromZero.Applies(component);

    public EnvironmentValue ConnectionString(ModelStoreResource store) =>
        new(string.Empty, new SecretReference(StoreSecret.NameOf(store), StoreSecret.ConnectionStringKey));

    public EnvironmentValue Secret(IResource owner, ParameterResource parameter) =>
        new(string.Empty, new SecretReference(GatewaySecrets.NameOf(owner), parameter.Name));

    public string RouteTablePath(GatewayResource gateway) => GatewayObjects.RouteTablePath;

    /// <summary>The address of a Service's port.</summary>
    public static string Address(string service, int port) => string.Create(CultureInfo.InvariantCulture, $"http://{service}:{port}");
}
