using k8s.Models;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A HorizontalPodAutoscaler between a resource's minimum and maximum replicas, on the spec's metric: CPU or memory
/// utilization as KServe's HPA class does, or, for concurrency and requests per second, a per-pod metric from the
/// servers' <c>/metrics</c>, which the cluster's metrics adapter (such as prometheus-adapter) must serve.
/// </summary>
internal static class HorizontalScaling
{
    /// <summary>ASP.NET Core's in-flight requests gauge, as Prometheus names it: Knative's concurrency.</summary>
    public const string ConcurrencyMetric = "http_server_active_requests";

    /// <summary>The request rate a metrics adapter derives from ASP.NET Core's request counter.</summary>
    public const string RequestRateMetric = "http_server_requests_per_second";

    // KServe's defaults: 80% CPU utilization under its HPA class, Knative's 100 concurrent requests otherwise.
    private const int DefaultUtilization = 80;
    private const int DefaultConcurrency = 100;

    public static V2HorizontalPodAutoscaler? Create(IResource resource, Dictionary<string, string> labels, ReplicaCount replicas, ScalingSpec? scaling)
    {
        if (replicas.Max <= Math.Max(replicas.Min, 1))
        {
            return null;
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = new V1ObjectMeta { Name = resource.Name, Labels = labels },
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = resource.Name },
                MinReplicas = Math.Max(replicas.Min, 1),
                MaxReplicas = replicas.Max,
                Metrics = [Metric(scaling)],
            },
        };
    }

    private static V2MetricSpec Metric(ScalingSpec? scaling)
    {
        var target = scaling?.Target;
        return scaling?.Metric switch
        {
            ScaleMetric.Concurrency => PerPod(ConcurrencyMetric, target ?? DefaultConcurrency),
            ScaleMetric.Rps => PerPod(RequestRateMetric, target ?? DefaultConcurrency),
            ScaleMetric.Memory => Utilization("memory", target ?? DefaultUtilization),
            _ => Utilization("cpu", target ?? scaling?.TargetUtilizationPercent ?? DefaultUtilization),
        };
    }

    private static V2MetricSpec Utilization(string resource, int percent) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = resource, Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };

    private static V2MetricSpec PerPod(string metric, int value) => new()
    {
        Type = "Pods",
        Pods = new V2PodsMetricSource
        {
            Metric = new V2MetricIdentifier { Name = metric },
            Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        },
    };
}
