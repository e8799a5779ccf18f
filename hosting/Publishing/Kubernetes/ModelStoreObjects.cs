using System.Globalization;
using System.Text;
using k8s.Models;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// A model store in the cluster: its Secret; MinIO as a StatefulSet with a volume claim and a Service, unless the store
/// is an external S3 endpoint; and a Job that uploads the models the graph seeds it with, carried in a ConfigMap.
/// </summary>
internal static class ModelStoreObjects
{
    /// <summary>The port MinIO listens on in the cluster.</summary>
    public const int Port = 9000;

    private const string Program = "minio";
    private const string Role = "model-store";
    private const string SeedMount = "/seed";

    // A ConfigMap holds at most 1 MiB; larger sample models belong in the store by 'models push'.
    private const long MostSeedBytes = 1000 * 1024;

    // A StatefulSet's pods are named {name}-0 and labelled with {name}-{hash}, which must stay a 63-character label.
    private const int LongestStatefulSetName = 52;

    public static IReadOnlyList<object> Create(ModelStoreResource store, StoreCredentials credentials, ICollection<string> problems)
    {
        var objects = new List<object> { StoreSecret.Create(store, credentials) };
        if (!credentials.External)
        {
            if (store.Name.Length > LongestStatefulSetName)
            {
                problems.Add($"{store.Name}: the model store's name is {store.Name.Length} characters long; published as a StatefulSet it may have at most {LongestStatefulSetName}; shorten it");
            }

            objects.Add(Service(store));
            objects.Add(StatefulSet(store));
        }

        var seeds = store.Seeds;
        if (seeds.Count > 0 && Seed(store, seeds, problems) is { } seed)
        {
            objects.Add(seed.Files);
            objects.Add(seed.Upload);
        }

        return objects;
    }

    private static V1Service Service(ModelStoreResource store)
    {
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Metadata(store, store.Name),
            Spec = new V1ServiceSpec
            {
                Selector = ObjectLabels.Selector(store),
                Ports = [new V1ServicePort { Name = ServicePorts.Http, Port = Port, TargetPort = ServicePorts.Http, Protocol = "TCP" }],
            },
        };
    }

    private static V1StatefulSet StatefulSet(ModelStoreResource store)
    {
        var secret = StoreSecret.NameOf(store);
        var labels = ObjectLabels.Of(store, Program, Role);
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Metadata(store, store.Name),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = store.Name,
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = ObjectLabels.Selector(store) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "minio",
                                Image = ContainerImages.Minio,
                                Args = ["server", "/data", "--address", string.Create(CultureInfo.InvariantCulture, $":{Port}")],
                                Env =
                                [
                                    ProjectWorkload.Variable("MINIO_ROOT_USER", Secret(secret, StoreSecret.AccessKeyKey)),
                                    ProjectWorkload.Variable("MINIO_ROOT_PASSWORD", Secret(secret, StoreSecret.SecretKeyKey)),
                                ],
                                Ports = [new V1ContainerPort { Name = ServicePorts.Http, ContainerPort = Port, Protocol = "TCP" }],
                                ReadinessProbe = Probe("/minio/health/ready", ServicePorts.Http, periodSeconds: 5, failureThreshold: 3),
                                LivenessProbe = Probe("/minio/health/live", ServicePorts.Http, periodSeconds: 10, failureThreshold: 3),
                                VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        ApiVersion = "v1",
                        Kind = "PersistentVolumeClaim",
                        Metadata = new V1ObjectMeta { Name = "data", Labels = labels },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                        },
                    },
                ],
            },
        };
    }

    private static (V1ConfigMap Files, V1Job Upload)? Seed(ModelStoreResource store, IReadOnlyList<ModelSeed> seeds, ICollection<string> problems)
    {
        var files = new List<(string Key, string Path, byte[] Content)>();
        foreach (var seed in seeds.OrderBy(s => s.Model, StringComparer.Ordinal))
        {
            if (!Directory.Exists(seed.Directory))
            {
                problems.Add($"{store.Name}: the model directory of '{seed.Model}' does not exist, so it cannot be published");
                continue;
            }

            foreach (var (file, key, _) in ModelPusher.Plan(seed.Directory, StorageUri.Parse(store.UriOf(seed.Model))))
            {
                // ConfigMap keys may not hold '/': each file gets a numbered key, and the volume puts it back at its path.
                files.Add((string.Create(CultureInfo.InvariantCulture, $"file-{files.Count:D3}"), key, File.ReadAllBytes(file)));
            }
        }

        var total = files.Sum(f => (long)f.Content.Length);
        if (total > MostSeedBytes)
        {
            problems.Add($"{store.Name}: the sample models are {total} bytes, more than a ConfigMap carries (1 MiB); push them into the cluster's store with 'models push' and remove WithModel from the store");
            return null;
        }

        var name = $"{store.Name}-seed";
        var secret = StoreSecret.NameOf(store);
        var script = new StringBuilder()
            .Append("set -e\n")
            .Append("until mc alias set store \"$S3_ENDPOINT\" \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\"; do sleep 2; done\n")
            .Append(CultureInfo.InvariantCulture, $"mc mb --ignore-existing store/{store.Bucket}\n");
        foreach (var (_, path, _) in files)
        {
            script.Append(CultureInfo.InvariantCulture, $"mc cp {SeedMount}/{path} store/{store.Bucket}/{path}\n");
        }

        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, Labels = ObjectLabels.Of(name, "minio-client", "model-seed") },
            BinaryData = files.ToDictionary(f => f.Key, f => f.Content, StringComparer.Ordinal),
        };
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, Labels = ObjectLabels.Of(name, "minio-client", "model-seed") },
            Spec = new V1JobSpec
            {
                BackoffLimit = 10,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ObjectLabels.Of(name, "minio-client", "model-seed") },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "OnFailure",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "upload",
                                Image = ContainerImages.MinioClient,
                                Command = ["/bin/sh", "-c", script.ToString()],
                                Env =
                                [
                                    new V1EnvVar { Name = "MC_CONFIG_DIR", Value = "/tmp/mc" },
                                    ProjectWorkload.Variable("S3_ENDPOINT", Secret(secret, StoreSecret.EndpointKey)),
                                    ProjectWorkload.Variable("AWS_ACCESS_KEY_ID", Secret(secret, StoreSecret.AccessKeyKey)),
                                    ProjectWorkload.Variable("AWS_SECRET_ACCESS_KEY", Secret(secret, StoreSecret.SecretKeyKey)),
                                ],
                                VolumeMounts = [new V1VolumeMount { Name = "seed", MountPath = SeedMount, ReadOnlyProperty = true }],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume
                            {
                                Name = "seed",
                                ConfigMap = new V1ConfigMapVolumeSource { Name = name, Items = [.. files.Select(f => new V1KeyToPath { Key = f.Key, Path = f.Path })] },
                            },
                        ],
                    },
                },
            },
        };
        return (configMap, job);
    }

    private static V1ObjectMeta Metadata(ModelStoreResource store, string name) => new() { Name = name, Labels = ObjectLabels.Of(store, Program, Role) };

    private static V1Probe Probe(string path, string port, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
    };

    private static EnvironmentValue Secret(string secret, string key) => new(string.Empty, new SecretReference(secret, key));
}
