using System.Globalization;
using k8s;
using k8s.Models;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Kubernetes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.KServe;

/// <summary>
/// <c>publish --target kserve</c>: for a cluster that runs KServe, one v1beta1 InferenceService per service of the graph,
/// served by Modelplane's predictor through a ClusterServingRuntime (<c>modelplane-onnx</c>) from the model the local run
/// serves, with the spec's scaling, batching, logger and resources (a predictor that asks for GPUs through
/// <c>modelplane-onnx-gpu</c>, the predictor's GPU flavour, on the GPU pool); plus the model store, and the S3 Secret and
/// ServiceAccount KServe's storage initializer reads it with. KServe keeps one earlier revision beside the newest, so a
/// service's second revision is written to <c>canary/</c>, to apply once the first is ready, as KServe's canary rollout goes.
/// </summary>
public sealed class KServePublisher : IPublisher
{
    /// <summary>The ClusterServingRuntime every published predictor names, but those that ask for GPUs.</summary>
    public const string Runtime = "modelplane-onnx";

    /// <summary>The ClusterServingRuntime of predictors that ask for GPUs: the predictor's GPU flavour with CUDA.</summary>
    public const string GpuRuntime = "modelplane-onnx-gpu";

    /// <summary>The folder of the revisions to roll out after the first.</summary>
    public const string CanaryFolder = "canary";

    private const string DefaultNamespace = "default";
    private const string KnativeAutoscaling = "autoscaling.knative.dev/";

    public string Target => "kserve";

    public string Description => "KServe v1beta1 InferenceServices served by Modelplane's predictor, and the model store, for a cluster that runs KServe";

    public Task<PublishedFiles> PublishAsync(PublishContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<string>();
        KubernetesPublisher.CheckOptions(context.Options, problems);
        var gpuPool = GpuPool.Read(context.Configuration, problems);
        var storeNamespace = context.Options.Namespace ?? DefaultNamespace;
        var services = context.Graph.Resources<InferenceServiceResource>().ToList();
        var runtimes = new List<object> { ServingRuntime(Runtime, ContainerImages.Of(ServiceProject.Predictor, context.Options), null) };
        if (services.SelectMany(s => s.Components).Any(c => c.UsesGpus))
        {
            runtimes.Add(ServingRuntime(GpuRuntime, ContainerImages.OfGpuFlavour(ServiceProject.Predictor, context.Options), GpuUse.Given));
        }

        var main = new List<(string File, IReadOnlyList<object> Objects)> { ("serving-runtime.yaml", runtimes) };
        var canaries = new List<(string File, IReadOnlyList<object> Objects)>();
        var stores = context.Graph.Resources<ModelStoreResource>().ToList();
        var namespaces = services.Select(s => s.Spec.Namespace).Append(storeNamespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extraNamespaces = namespaces.Where(n => n != DefaultNamespace).Select(n => (object)new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = n } }).ToList();
        if (extraNamespaces.Count > 0)
        {
            main.Add(("namespaces.yaml", extraNamespaces));
        }

        foreach (var store in stores)
        {
            var objects = KubernetesPublisher.Store(context, store, problems);
            foreach (var item in objects.OfType<IMetadata<V1ObjectMeta>>())
            {
                item.Metadata.NamespaceProperty = storeNamespace;
            }

            var access = StoreCredentials.Read(context, store, []) is { } credentials
                ? namespaces.SelectMany(n => StorageAccess(store, credentials, storeNamespace, n)).ToList()
                : [];
            main.Add(($"{store.Name}.yaml", [.. objects, .. access]));
        }

        foreach (var service in services)
        {
            var revisions = service.Spec.Revisions;
            if (revisions.Count > 2)
            {
                problems.Add($"{service.Name}: has {revisions.Count} revisions; KServe splits a service's traffic between its newest revision and the one before, so publish at most two");
                continue;
            }

            for (var i = 0; i < revisions.Count; i++)
            {
                var canary = i > 0 || (revisions.Count == 1 && service.Spec.CanaryTrafficPercent is not null);
                var percent = i > 0 ? revisions[i].TrafficPercent : service.Spec.CanaryTrafficPercent;
                var isvc = InferenceService(context, service, revisions[i], canary ? percent : null, stores, gpuPool);
                if (i == 0)
                {
                    main.Add(($"{service.Name}.yaml", [isvc]));
                }
                else
                {
                    canaries.Add(($"{CanaryFolder}/{service.Name}.yaml", [isvc]));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new GraphException(problems);
        }

        var files = new PublishedFiles();
        foreach (var (file, objects) in main.Concat(canaries))
        {
            files.Add(file, KubernetesDocuments.ToYaml(objects));
        }

        files.Add(Kustomization.FileName, KubernetesDocuments.ToYaml([new Kustomization { Resources = [.. main.Select(m => m.File)] }]));
        return Task.FromResult(files);
    }

    // The predictor's image offered for ONNX models; on GPUs, told what any predictor on GPUs is told (ServiceEnvironment.OfGpus).
    private static ClusterServingRuntimeObject ServingRuntime(string name, string image, GpuUse? gpus) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = ObjectLabels.Of(name, "modelplane-predictor", "serving-runtime") },
        Spec = new ServingRuntimeSpecObject
        {
            SupportedModelFormats = [new SupportedFormatObject { Name = "onnx", AutoSelect = false }],
            ProtocolVersions = ["v1", "v2", "grpc-v2"],
            Containers =
            [
                new V1Container
                {
                    Name = ProjectWorkload.ContainerName,
                    Image = image,
                    // KServe's storage initializer has filled /mnt/models with the model's files: serve them as one named model.
                    Args = ["--model_name={{.Name}}"],
                    Env =
                    [
                        new V1EnvVar { Name = "ASPNETCORE_URLS", Value = "http://+:8080" },
                        new V1EnvVar { Name = "STORAGE_URI", Value = StorageInitializerContainer.ModelDirectory },
                        new V1EnvVar { Name = "Serving__GrpcPort", Value = "8081" },
                        .. (gpus is null ? [] : ServiceEnvironment.OfGpus(gpus).Select(v => new V1EnvVar { Name = v.Key, Value = v.Value })),
                    ],
                    Ports = [new V1ContainerPort { Name = "http1", ContainerPort = 8080, Protocol = "TCP" }],
                },
            ],
        },
    };

    /// <summary>KServe's S3 credentials for its storage initializer: an annotated Secret and a ServiceAccount that carries it, in <paramref name="space"/>.</summary>
    private static IEnumerable<object> StorageAccess(ModelStoreResource store, StoreCredentials credentials, string storeNamespace, string space)
    {
        var endpoint = credentials.External
            ? credentials.Endpoint
            : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{store.Name}.{storeNamespace}.svc.cluster.local:{credentials.Endpoint.Port}"));
        var labels = ObjectLabels.Of(store, "minio", "model-store");
        yield return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = S3SecretName(store),
                NamespaceProperty = space,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["serving.kserve.io/s3-endpoint"] = endpoint.Authority,
                    ["serving.kserve.io/s3-usehttps"] = endpoint.Scheme == "https" ? "1" : "0",
                },
            },
            Type = "Opaque",
            StringData = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
            },
        };
        yield return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = ServiceAccountName(store), NamespaceProperty = space, Labels = labels },
            Secrets = [new V1ObjectReference { Name = S3SecretName(store) }],
        };
    }

    private static string S3SecretName(ModelStoreResource store) => $"{store.Name}-kserve-s3";

    private static string ServiceAccountName(ModelStoreResource store) => $"{store.Name}-kserve";

    private static InferenceServiceObject InferenceService(PublishContext context, InferenceServiceResource service, RevisionSpec revision, int? canaryPercent, IReadOnlyList<ModelStoreResource> stores, GpuPool gpuPool)
    {
        var spec = service.Spec;
        var predictor = service.Component(revision.Name, ComponentRole.Predictor);
        var storageUri = predictor?.StorageUri ?? revision.Predictor.Model?.StorageUri;
        var store = stores.FirstOrDefault(s => storageUri?.StartsWith($"s3://{s.Bucket}/", StringComparison.Ordinal) == true);
        var model = revision.Predictor.Model;
        var published = Component(revision.Predictor, spec.Logger, gpuPool);
        published.CanaryTrafficPercent = canaryPercent;
        published.ServiceAccountName = store is null ? null : ServiceAccountName(store);
        published.Model = new ModelObject
        {
            ModelFormat = new ModelFormatObject { Name = "onnx" },
            Runtime = predictor?.UsesGpus == true ? GpuRuntime : Runtime,
            RuntimeVersion = model?.RuntimeVersion,
            ProtocolVersion = model?.Protocol switch
            {
                ProtocolVersion.V1 => "v1",
                ProtocolVersion.V2 => "v2",
                ProtocolVersion.GrpcV2 => "grpc-v2",
                _ => null,
            },
            StorageUri = storageUri,
            Resources = ProjectWorkload.Resources(revision.Predictor.Resources),
        };

        var labels = ObjectLabels.With(spec.Labels, ObjectLabels.Of(spec.Name, "modelplane-predictor", "inference-service"));
        return new InferenceServiceObject
        {
            Metadata = new V1ObjectMeta
            {
                Name = spec.Name,
                NamespaceProperty = spec.Namespace,
                Labels = labels,
                Annotations = spec.Annotations.Count == 0 ? null : spec.Annotations.ToDictionary(StringComparer.Ordinal),
            },
            Spec = new InferenceServiceObjectSpec
            {
                Predictor = published,
                Transformer = revision.Transformer is { } t ? Server(context, service, revision, ComponentRole.Transformer, t, gpuPool) : null,
                Explainer = revision.Explainer is { } e ? Server(context, service, revision, ComponentRole.Explainer, e, gpuPool) : null,
            },
        };
    }

    /// <summary>A transformer or explainer: Modelplane's server for the role, with its settings, calling its revision's predictor.</summary>
    private static ComponentObject Server(PublishContext context, InferenceServiceResource service, RevisionSpec revision, ComponentRole role, ComponentSpec spec, GpuPool gpuPool)
    {
        var published = Component(spec, null, gpuPool);
        var component = service.Component(revision.Name, role)!;
        var environment = ServiceEnvironment.Of(component, new KServePlacement(service));
        published.Containers =
        [
            new V1Container
            {
                Name = ProjectWorkload.ContainerName,
                Image = ContainerImages.Of(component, context.Options),
                Env = [.. environment.Select(e => ProjectWorkload.Variable(e.Key, e.Value))],
                Resources = ProjectWorkload.Resources(spec.Resources),
            },
        ];
        return published;
    }

    /// <summary>
    /// KServe's extension fields of a component, Knative's autoscaling annotations for what has no field, and the GPU
    /// pool's node selector and tolerations when it asks for GPUs.
    /// </summary>
    private static ComponentObject Component(ComponentSpec spec, PayloadLoggerSpec? logger, GpuPool gpuPool)
    {
        var scaling = spec.Scaling;
        var annotations = new SortedDictionary<string, string>(spec.Annotations.ToDictionary(), StringComparer.Ordinal);
        void Annotate(string key, string? value)
        {
            if (value is not null)
            {
                annotations[KnativeAutoscaling + key] = value;
            }
        }

        Annotate("initial-scale", scaling.InitialReplicas?.ToString(CultureInfo.InvariantCulture));
        Annotate("target-utilization-percentage", scaling.TargetUtilizationPercent?.ToString(CultureInfo.InvariantCulture));
        Annotate("panic-window-percentage", scaling.PanicWindowPercent?.ToString(CultureInfo.InvariantCulture));
        Annotate("panic-threshold-percentage", scaling.PanicThresholdPercent?.ToString(CultureInfo.InvariantCulture));
        Annotate("window", scaling.Window is { } window ? Duration(window) : null);
        Annotate("class", scaling.Autoscaler switch
        {
            AutoscalerClass.Kpa => "kpa.autoscaling.knative.dev",
            AutoscalerClass.Hpa => "hpa.autoscaling.knative.dev",
            _ => null,
        });
        return new ComponentObject
        {
            MinReplicas = scaling.MinReplicas,
            MaxReplicas = scaling.MaxReplicas,
            ScaleTarget = scaling.Target,
            ScaleMetric = scaling.Metric?.ToString().ToLowerInvariant(),
            ContainerConcurrency = spec.ContainerConcurrency,
            Timeout = spec.Timeout is { } timeout ? (long)timeout.TotalSeconds : null,
            Batcher = spec.Batching is { } batching
                ? new BatcherObject
                {
                    MaxBatchSize = batching.MaxBatchSize,
                    MaxLatency = batching.MaxLatency is { } latency ? (long)latency.TotalMilliseconds : null,
                    Timeout = batching.Timeout is { } batchTimeout ? (long)batchTimeout.TotalSeconds : null,
                }
                : null,
            Logger = logger is null ? null : new LoggerObject { Url = logger.Url, Mode = logger.Mode.ToString().ToLowerInvariant() },
            Labels = spec.Labels.Count == 0 ? null : spec.Labels.ToDictionary(StringComparer.Ordinal),
            Annotations = annotations.Count == 0 ? null : annotations.ToDictionary(StringComparer.Ordinal),
            NodeSelector = gpuPool.NodeSelectorFor(spec.Resources),
            Tolerations = gpuPool.TolerationsFor(spec.Resources),
        };
    }

    // Knative reads Go durations; whole seconds are the common case.
    private static string Duration(TimeSpan value) =>
        value.TotalSeconds % 1 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalSeconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");
}
