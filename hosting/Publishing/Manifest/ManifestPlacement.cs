using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Publishing.Manifest;

/// <summary>
/// An Aspire manifest: addresses, ports, connection strings and secrets are the placeholders a deploying tool fills in
/// (<c>{name.bindings.http.url}</c>, <c>{store.connectionString}</c>, <c>{parameter.value}</c>).
/// </summary>
internal sealed class ManifestPlacement : IPlacement
{
    public static ManifestPlacement Instance { get; } = new();

    public string? EnvironmentName => null;

    public string? TelemetryName(string service) => service;

    public string ListenUrl(IModelplaneService service) => "http://+:{" + service.Name + ".bindings.http.targetPort}";

    public string GrpcPort(IModelplaneService service) => "{" + service.Name + ".bindings.grpc.targetPort}";

    public IReadOnlyList<string> Addresses(ComponentResource component, string endpoint) => ["{" + component.Name + ".bindings." + endpoint + ".url}"];

    public bool ThroughActivator(ComponentResource component) => false;

    // The manifest names the project, which a deploying tool builds as it is: the CPU flavour.
    public GpuUse? Gpus(ComponentResource component) => null;

    public EnvironmentValue ConnectionString(ModelStoreResource store) => "{" + store.Name + ".connectionString}";

    public EnvironmentValue Secret(IResource owner, ParameterResource parameter) => parameter.ValueExpression;

    public string RouteTablePath(GatewayResource gateway) => ManifestResources.RouteTableFile(gateway);
}
