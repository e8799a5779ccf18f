using System.Globalization;
using k8s.Models;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A .NET service of the graph as a Deployment (replicas, resources, probes, environment) and a Service with its
/// endpoints' ports, plus a HorizontalPodAutoscaler when its replicas may vary.
/// </summary>
internal static class ProjectWorkload
{
    // Kestrel needs a moment, a model a while longer: give both two minutes before liveness applies.
    private const int StartupPeriodSeconds = 2;
    private const int StartupFailures = 60;

    public static IReadOnlyList<object> Create(ProjectResource resource, string component, PodAdditions additions, PublishOptions options, ICollection<string> problems)
    {
        var spec = (resource as ComponentResource)?.Spec;
        var labels = ObjectLabels.Of(resource, ContainerImages.RepositoryOf(resource), component);
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var replicas = resource.Annotations.Last<ReplicaAnnotation>() ?? new ReplicaAnnotation(1, 1);
        var objects = new List<object>
        {
            new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = resource.Name, Labels = labels },
                Spec = new V1DeploymentSpec
                {
                    // Plain Kubernetes has no scale to zero (Knative, under KServe, has): such a service keeps one replica.
                    Replicas = Math.Max(replicas.Min, 1),
                    Selector = new V1LabelSelector { MatchLabels = ObjectLabels.Selector(resource) },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Labels = ObjectLabels.With(labels, (spec?.Labels ?? EquatableDictionary.Empty).Concat(additions.PodLabels)),
                            Annotations = Nonempty(ObjectLabels.With(new Dictionary<string, string>(), (spec?.Annotations ?? EquatableDictionary.Empty).Concat(additions.PodAnnotations))),
                        },
                        Spec = new V1PodSpec
                        {
                            InitContainers = additions.InitContainers.Count == 0 ? null : additions.InitContainers,
                            Containers = [Container(resource, additions, endpoints, spec?.Resources, options)],
                            Volumes = additions.Volumes.Count == 0 ? null : additions.Volumes,
                        },
                    },
                },
            },
        };

        if (endpoints.Count > 0)
        {
            objects.Add(new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = resource.Name, Labels = labels },
                Spec = new V1ServiceSpec
                {
                    Selector = ObjectLabels.Selector(resource),
                    Ports = [.. endpoints.Select(e => new V1ServicePort { Name = e.Name, Port = e.TargetPort, TargetPort = e.Name, Protocol = "TCP", AppProtocol = e.Name == EndpointAnnotation.Grpc ? "kubernetes.io/h2c" : null })],
                },
            });
        }

        if (HorizontalScaling.Create(resource, labels, replicas, spec?.Scaling) is { } autoscaler)
        {
            objects.Add(autoscaler);
        }

        return objects;
    }

    /// <summary>The resources a container asks for; a GPU is a limit, as Kubernetes requires of extended resources.</summary>
    public static V1ResourceRequirements? Resources(ResourceSpec? spec)
    {
        if (spec is null)
        {
            return null;
        }

        var requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (spec.CpuRequest is { } cpuRequest)
        {
            requests["cpu"] = new ResourceQuantity(cpuRequest);
        }

        if (spec.MemoryRequest is { } memoryRequest)
        {
            requests["memory"] = new ResourceQuantity(memoryRequest);
        }

        if (spec.CpuLimit is { } cpuLimit)
        {
            limits["cpu"] = new ResourceQuantity(cpuLimit);
        }

        if (spec.MemoryLimit is { } memoryLimit)
        {
            limits["memory"] = new ResourceQuantity(memoryLimit);
        }

        if (spec.Gpus is > 0 and var gpus)
        {
            limits["nvidia.com/gpu"] = new ResourceQuantity(gpus.ToString(CultureInfo.InvariantCulture));
        }

        return requests.Count == 0 && limits.Count == 0
            ? null
            : new V1ResourceRequirements
            {
                Requests = requests.Count == 0 ? null : requests.ToDictionary(StringComparer.Ordinal),
                Limits = limits.Count == 0 ? null : limits.ToDictionary(StringComparer.Ordinal),
            };
    }

    private static V1Container Container(ProjectResource resource, PodAdditions additions, IReadOnlyList<EndpointAnnotation> endpoints, ResourceSpec? resources, PublishOptions options)
    {
        var environment = ClusterEnvironment.Of(resource);
        foreach (var name in additions.Removed)
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in additions.Environment)
        {
            environment[name] = new V1EnvVar { Name = name, Value = value };
        }

        var args = resource.Annotations.OfType<CommandLineArgsAnnotation>().SelectMany(a => a.Args).ToList();
        var health = resource.Annotations.Last<HealthCheckAnnotation>();
        var http = endpoints.Any(e => e.Name == EndpointAnnotation.Http) ? EndpointAnnotation.Http : null;

        // Model servers and the gateway answer /v2/health/live once Kestrel runs; every service has ServiceDefaults' /alive.
        var startup = resource is ComponentResource or Gateway.GatewayResource ? "/v2/health/live" : "/alive";
        return new V1Container
        {
            Name = ContainerName,
            Image = ContainerImages.Of(resource, options),
            Args = args.Count == 0 ? null : args,
            Env = [.. environment.Values],
            Ports = [.. endpoints.Select(e => new V1ContainerPort { Name = e.Name, ContainerPort = e.TargetPort, Protocol = "TCP" })],
            Resources = Resources(resources),
            StartupProbe = http is null ? null : Probe(startup, http, StartupPeriodSeconds, StartupFailures),
            LivenessProbe = http is null ? null : Probe("/alive", http, 10, 3),
            ReadinessProbe = health is null ? null : Probe(health.Path, health.Endpoint, 5, 3),
            VolumeMounts = additions.Mounts.Count == 0 ? null : additions.Mounts,
        };
    }

    /// <summary>The name of a published service's own container, as KServe names a predictor's.</summary>
    public const string ContainerName = "kserve-container";

    private static V1Probe Probe(string path, string port, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
    };

    private static Dictionary<string, string>? Nonempty(Dictionary<string, string> map) => map.Count == 0 ? null : map;
}
