using System.Globalization;
using k8s.Models;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A Modelplane service of the graph (a component, the gateway) as a Deployment (replicas, resources, probes, its
/// environment as the cluster places it) and a Service with its endpoints' ports, plus a HorizontalPodAutoscaler when
/// its replicas may vary, or KEDA's objects when they may go down to zero (<see cref="ScaleFromZero"/>).
/// </summary>
internal static class ProjectWorkload
{
    /// <summary>The name of a published service's own container, as KServe names a predictor's.</summary>
    public const string ContainerName = "kserve-container";

    // Kestrel needs a moment, a model a while longer: give both two minutes before liveness applies.
    private const int StartupPeriodSeconds = 2;
    private const int StartupFailures = 60;

    public static IReadOnlyList<object> Create<T>(T service, string component, SortedDictionary<string, EnvironmentValue> environment, PodAdditions additions, PublishOptions options)
        where T : IModelplaneService
    {
        var spec = (service as ComponentResource)?.Spec;
        var replicas = (service as ComponentResource)?.Replicas ?? new ReplicaCount(1, 1, 1);
        var labels = ObjectLabels.Of(service, ContainerImages.RepositoryOf(service.Project), component);
        var ports = Ports(service).ToList();
        var objects = new List<object>
        {
            new V1Deployment
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Metadata = new V1ObjectMeta { Name = service.Name, Labels = labels },
                Spec = new V1DeploymentSpec
                {
                    // A component that may scale to zero starts with one replica, as a local run does; KEDA takes it to zero once idle.
                    Replicas = Math.Max(replicas.Min, 1),
                    Selector = new V1LabelSelector { MatchLabels = ObjectLabels.Selector(service) },
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
                            Containers = [Container(service, environment, additions, ports, spec?.Resources, options)],
                            Volumes = additions.Volumes.Count == 0 ? null : additions.Volumes,
                            NodeSelector = additions.NodeSelector,
                            Tolerations = additions.Tolerations,
                        },
                    },
                },
            },
            new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = new V1ObjectMeta { Name = service.Name, Labels = labels },
                Spec = new V1ServiceSpec
                {
                    Selector = ObjectLabels.Selector(service),
                    Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Name, Protocol = "TCP", AppProtocol = p.Name == ServicePorts.Grpc ? "kubernetes.io/h2c" : null })],
                },
            },
        };

        if (service is ComponentResource resource && ScaleFromZero.Applies(resource))
        {
            objects.AddRange(ScaleFromZero.Create(service, labels, ports, replicas, spec?.Scaling));
        }
        else if (HorizontalScaling.Create(service, labels, replicas, spec?.Scaling) is { } autoscaler)
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

    /// <summary>A variable of the container: its value, or a key of a Secret, so a secret never appears in a pod spec.</summary>
    public static V1EnvVar Variable(string name, EnvironmentValue value) => value.Secret is { } secret
        ? new V1EnvVar { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.Name, Key = secret.Key } } }
        : new V1EnvVar { Name = name, Value = value.Text };

    private static IEnumerable<(string Name, int Port)> Ports(IModelplaneService service)
    {
        yield return (ServicePorts.Http, ServicePorts.HttpTarget);
        if (service.HasGrpc)
        {
            yield return (ServicePorts.Grpc, ServicePorts.GrpcTarget);
        }
    }

    private static V1Container Container(IModelplaneService service, SortedDictionary<string, EnvironmentValue> environment, PodAdditions additions, IReadOnlyList<(string Name, int Port)> ports, ResourceSpec? resources, PublishOptions options)
    {
        foreach (var name in additions.Removed)
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in additions.Environment)
        {
            environment[name] = value;
        }

        return new V1Container
        {
            Name = ContainerName,
            Image = ContainerImages.Of(service, options),
            Env = [.. environment.Select(e => Variable(e.Key, e.Value))],
            Ports = [.. ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" })],
            Resources = Resources(resources),
            StartupProbe = Probe(ServicePorts.LivePath, StartupPeriodSeconds, StartupFailures),
            LivenessProbe = Probe(ServicePorts.AlivePath, 10, 3),
            ReadinessProbe = Probe(ServicePorts.ReadyPath, 5, 3),
            VolumeMounts = additions.Mounts.Count == 0 ? null : additions.Mounts,
        };
    }

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ServicePorts.Http },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
    };

    private static Dictionary<string, string>? Nonempty(Dictionary<string, string> map) => map.Count == 0 ? null : map;
}
