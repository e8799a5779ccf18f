using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Variables;

/// <summary>
/// A local run: the process being started listens on <paramref name="own"/>, every replica of a component is reached
/// on its own port of 127.0.0.1, the store through its local connection string, and a secret is passed as its
/// parameter, which the dashboard masks. The replicas of a component are the ones running now; for replica
/// <paramref name="pair"/> of a transformer or explainer, its predictor is the predictor's replica of that number.
/// </summary>
internal sealed class LocalPlacement(string environmentName, LocalEndpoints own, int? pair = null) : IPlacement
{
    public string? EnvironmentName => environmentName;

    // Aspire names each process's telemetry after its resource, which the dashboard matches it with.
    public string? TelemetryName(string service) => null;

    public string ListenUrl(IModelplaneService service) => Text(own.HttpUrl);

    public string GrpcPort(IModelplaneService service) =>
        own.Grpc?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-1";

    public IReadOnlyList<string> Addresses(ComponentResource component, string endpoint) =>
        [.. Reached(component).Select(r => endpoint == ServicePorts.Grpc ? r.Endpoints.GrpcUrl : r.Endpoints.HttpUrl).OfType<Uri>().Select(Text)];

    public bool ThroughActivator(ComponentResource component) => false;

    // The devices the run gave replica pair of the component; none when it runs on the CPU.
    public GpuUse? Gpus(ComponentResource component) =>
        pair is { } i && i < component.ReplicaResources.Count && component.ReplicaResources[i].Gpus is { } devices ? new GpuUse(devices) : null;

    public EnvironmentValue ConnectionString(ModelStoreResource store) =>
        store.Server?.ConnectionString ?? throw new InvalidOperationException($"{store.Name} has no local server");

    public EnvironmentValue Secret(IResource owner, ParameterResource parameter) => new(string.Empty, Parameter: parameter);

    public string RouteTablePath(GatewayResource gateway) => gateway.RouteTablePath;

    private IEnumerable<ReplicaResource> Reached(ComponentResource component) =>
        pair is { } i && i < component.ReplicaResources.Count ? [component.ReplicaResources[i]] : component.ActiveReplicas;

    private static string Text(Uri address) => address.ToString().TrimEnd('/');
}
