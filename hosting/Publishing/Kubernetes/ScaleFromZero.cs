using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// What the plain Kubernetes target writes for a component whose minimum is 0, in place of a HorizontalPodAutoscaler
/// (which cannot go below one): KEDA scales it and the KEDA HTTP add-on wakes it, as Knative's activator does under
/// KServe. Per endpoint (HTTP, and gRPC on its HTTP/2 port) an HTTPScaledObject is a route of the add-on's interceptor
/// from a host of its own to the component's Service port, and an ExternalName Service of that name points at the
/// interceptor, so the gateway (and a transformer calling its predictor) reach the component through it with that
/// host. KEDA lets one ScaledObject scale a workload, and an HTTPScaledObject makes one of its own; two routes would make
/// two. So each HTTPScaledObject is annotated to make none, and the component has one ScaledObject of Modelplane's with
/// an <c>external-push</c> trigger on the add-on's scaler per route (a CPU or memory trigger beside them when that is
/// the spec's metric): the same replicas, cool-down and metric in one place, which the add-on's docs give for exactly
/// this. The gateway sends to the interceptor without probing it (<c>throughActivator</c> in its route table): a probe
/// is a request, and would keep the component from ever scaling to zero.
/// </summary>
internal static class ScaleFromZero
{
    /// <summary>The port of the interceptor's proxy Service.</summary>
    public const int InterceptorPort = 8080;

    /// <summary>The interceptor's proxy Service, as the add-on's Helm chart names it, installed in the namespace <c>keda</c>.</summary>
    public const string InterceptorHost = "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local";

    /// <summary>The add-on's external scaler, as its Helm chart names it, installed in the namespace <c>keda</c>.</summary>
    public const string ScalerAddress = "keda-add-ons-http-external-scaler.keda:9090";

    /// <summary>Tells the add-on's operator to leave the ScaledObject to us.</summary>
    public const string SkipScaledObjectCreation = "httpscaledobject.keda.sh/skip-scaledobject-creation";

    // Knative's scale-to-zero grace period; KEDA's own default cool-down is five minutes.
    private const int ScaleDownSeconds = 30;

    // How often KEDA reads the triggers: the add-on's own ScaledObjects use 15 s; waking does not wait for it.
    private const int PollingSeconds = 15;

    // Knative's concurrency target, and KServe's utilization target under its HPA class.
    private const int DefaultTarget = 100;
    private const int DefaultUtilization = 80;

    /// <summary>Whether the spec lets <paramref name="component"/> scale to zero (its minimum is 0; a local run still starts one).</summary>
    public static bool Applies(ComponentResource component) => component.Spec.Scaling.ScaleToZero;

    /// <summary>The ExternalName Service through which <paramref name="endpoint"/> of <paramref name="component"/> is reached, and the host the interceptor routes on.</summary>
    public static string InterceptorAlias(IResource component, string endpoint) =>
        endpoint == ServicePorts.Grpc ? $"{component.Name}-interceptor-grpc" : $"{component.Name}-interceptor";

    /// <summary>The route's HTTPScaledObject name: the component's for HTTP, with <c>-grpc</c> for gRPC.</summary>
    public static string RouteName(IResource component, string endpoint) =>
        endpoint == ServicePorts.Grpc ? $"{component.Name}-grpc" : component.Name;

    public static IReadOnlyList<object> Create(IResource component, Dictionary<string, string> labels, IReadOnlyList<(string Name, int Port)> ports, ReplicaCount replicas, ScalingSpec? scaling)
    {
        var objects = new List<object>();
        var triggers = new List<KedaTrigger>();
        foreach (var (endpoint, port) in ports)
        {
            var alias = InterceptorAlias(component, endpoint);
            var route = RouteName(component, endpoint);
            objects.Add(new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = alias, Labels = labels },
                Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = InterceptorHost },
            });
            objects.Add(new HttpScaledObject
            {
                Metadata = new V1ObjectMeta
                {
                    Name = route,
                    Labels = labels,
                    Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [SkipScaledObjectCreation] = "true" },
                },
                Spec = new HttpScaledObjectSpec
                {
                    Hosts = [alias],
                    ScaleTargetRef = new HttpScaleTargetRef { ApiVersion = "apps/v1", Kind = "Deployment", Name = component.Name, Service = component.Name, Port = port },
                    Replicas = new HttpScaledObjectReplicas { Min = 0, Max = replicas.Max },
                    ScalingMetric = Metric(scaling),
                    ScaledownPeriod = ScaleDownSeconds,
                },
            });
            triggers.Add(new KedaTrigger
            {
                Type = "external-push",
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["httpScaledObject"] = route, ["scalerAddress"] = ScalerAddress },
            });
        }

        if (scaling?.Metric is ScaleMetric.Cpu or ScaleMetric.Memory)
        {
            // KEDA scales on CPU or memory only above zero; the HTTP triggers wake the component and this one sizes it.
            var percent = scaling.Target ?? (scaling.Metric == ScaleMetric.Cpu ? scaling.TargetUtilizationPercent : null) ?? DefaultUtilization;
            triggers.Add(new KedaTrigger
            {
                Type = scaling.Metric == ScaleMetric.Cpu ? "cpu" : "memory",
                MetricType = "Utilization",
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["value"] = percent.ToString(CultureInfo.InvariantCulture) },
            });
        }

        objects.Add(new KedaScaledObject
        {
            Metadata = new V1ObjectMeta { Name = component.Name, Labels = labels },
            Spec = new KedaScaledObjectSpec
            {
                ScaleTargetRef = new KedaScaleTarget { ApiVersion = "apps/v1", Kind = "Deployment", Name = component.Name },
                MinReplicaCount = 0,
                MaxReplicaCount = replicas.Max,
                CooldownPeriod = ScaleDownSeconds,
                PollingInterval = PollingSeconds,
                Triggers = triggers,
            },
        });
        return objects;
    }

    // The interceptor counts requests, so a concurrency or request-rate target carries over; under a CPU or memory
    // target the HTTP triggers still need one, and Knative's default concurrency leaves the sizing to that trigger.
    private static HttpScalingMetric Metric(ScalingSpec? scaling) => scaling?.Metric == ScaleMetric.Rps
        ? new HttpScalingMetric { RequestRate = new HttpRequestRateMetric { TargetValue = scaling.Target ?? DefaultTarget, Window = Window(scaling.Window) } }
        : new HttpScalingMetric { Concurrency = new HttpConcurrencyMetric { TargetValue = scaling?.Metric is null or ScaleMetric.Concurrency ? scaling?.Target ?? DefaultTarget : DefaultTarget } };

    // Knative's stable window is the span the rate is averaged over; the add-on takes a Go duration.
    private static string? Window(TimeSpan? window) =>
        window is { } span ? string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(span.TotalSeconds)}s") : null;
}
