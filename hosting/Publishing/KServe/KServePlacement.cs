using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Kubernetes;

namespace Modelplane.Hosting.Publishing.KServe;

/// <summary>
/// A transformer or explainer inside a KServe InferenceService: it listens on KServe's container port, takes no gRPC of
/// its own, and reaches its revision's predictor through the Service KServe names <c>{service}-predictor</c>.
/// </summary>
internal sealed class KServePlacement(InferenceServiceResource service) : IPlacement
{
    public string? EnvironmentName => null;

    public string? TelemetryName(string component) => component;

    public string ListenUrl(IModelplaneService component) => string.Create(CultureInfo.InvariantCulture, $"http://+:{ServicePorts.HttpTarget}");

    public string GrpcPort(IModelplaneService component) => "-1";

    public IReadOnlyList<string> Addresses(ComponentResource component, string endpoint) =>
        endpoint == ServicePorts.Http ? [$"http://{service.Spec.Name}-predictor.{service.Spec.Namespace}"] : [];

    // Only the predictor runs on GPUs, and KServe gives it its container through the serving runtime.
    public GpuUse? Gpus(ComponentResource component) => null;

    // Knative's activator sits behind the predictor's address, out of the caller's sight.
    public bool ThroughActivator(ComponentResource component) => false;

    public EnvironmentValue ConnectionString(ModelStoreResource store) => ClusterPlacement.Instance.ConnectionString(store);

    public EnvironmentValue Secret(IResource owner, ParameterResource parameter) => ClusterPlacement.Instance.Secret(owner, parameter);

    public string RouteTablePath(GatewayResource gateway) => throw new InvalidOperationException("KServe routes its InferenceServices itself; Modelplane's gateway is not published with them");
}
