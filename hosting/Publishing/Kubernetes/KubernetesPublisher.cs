using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// <c>publish --target kubernetes</c>: the graph for a plain cluster (no KServe needed), one YAML file per resource and a
/// <c>kustomization.yaml</c>, so <c>kubectl apply -k DIR</c> deploys it. Each InferenceService component and revision
/// becomes a Deployment, a Service and, when it scales, a HorizontalPodAutoscaler, or KEDA's ScaledObject and the HTTP
/// add-on's routes when it scales to zero; the gateway brings its route table and an Ingress; a model store becomes
/// MinIO (or an external S3 endpoint) with a Job that uploads its sample models.
/// </summary>
public sealed class KubernetesPublisher : IPublisher
{
    public string Target => "kubernetes";

    public string Description => "Deployments, Services, autoscalers, the gateway's Ingress and the model store for a plain cluster, with a kustomization.yaml";

    public async Task<PublishedFiles> PublishAsync(PublishContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<string>();
        CheckOptions(context.Options, problems);
        var gpuPool = GpuPool.Read(context.Configuration, problems);
        var documents = new List<(string File, IReadOnlyList<object> Objects)>();
        foreach (var resource in context.Graph.Builder.Resources)
        {
            if (await ObjectsAsync(context, resource, gpuPool, problems, cancellationToken) is { Count: > 0 } objects)
            {
                documents.Add(($"{resource.Name}.yaml", objects));
            }
        }

        if (problems.Count > 0)
        {
            throw new GraphException(problems);
        }

        var files = new PublishedFiles();
        foreach (var (file, objects) in documents)
        {
            files.Add(file, KubernetesDocuments.ToYaml(objects));
        }

        files.Add(Kustomization.FileName, KubernetesDocuments.ToYaml([new Kustomization { Namespace = context.Options.Namespace, Resources = [.. documents.Select(d => d.File)] }]));
        return files;
    }

    /// <summary>Problems with the options every Kubernetes target shares: the namespace and the image names.</summary>
    internal static void CheckOptions(PublishOptions options, ICollection<string> problems)
    {
        if (options.Namespace is { } space && ClusterNames.LabelProblem("--namespace", space) is { } namespaceProblem)
        {
            problems.Add(namespaceProblem);
        }

        if (ClusterNames.ImageProblem(options.Registry, options.Tag) is { } imageProblem)
        {
            problems.Add(imageProblem);
        }
    }

    /// <summary>The objects of a model store, or none with its problems added.</summary>
    internal static IReadOnlyList<object> Store(PublishContext context, ModelStoreResource store, ICollection<string> problems)
    {
        if (ClusterNames.LabelProblem("the upload Job of the model store", $"{store.Name}-seed") is { } jobProblem)
        {
            problems.Add($"{store.Name}: {jobProblem}; shorten the store's name");
        }

        return StoreCredentials.Read(context, store, problems) is { } credentials ? ModelStoreObjects.Create(store, credentials, problems) : [];
    }

    private static async Task<IReadOnlyList<object>> ObjectsAsync(PublishContext context, IResource resource, GpuPool gpuPool, List<string> problems, CancellationToken cancellationToken)
    {
        var services = context.Graph.Resources<InferenceServiceResource>().ToList();
        var additions = new PodAdditions();
        switch (resource)
        {
            case ModelStoreResource store:
                return Store(context, store, problems);
            case InferenceServiceResource or ParameterResource:
                // A service is published as its components; parameters as the Secrets of what uses them.
                return [];
            case ComponentResource component:
                additions.PodLabels["serving.kserve.io/inferenceservice"] = component.Service.Name;
                additions.PodLabels["modelplane.io/revision"] = component.Revision.Name;
                additions.NodeSelector = gpuPool.NodeSelectorFor(component.Spec.Resources);
                additions.Tolerations = gpuPool.TolerationsFor(component.Spec.Resources);
                var environment = ServiceEnvironment.Of(component, ClusterPlacement.Instance);
                if (ScaleFromZero.Applies(component)
                    && ClusterNames.LabelProblem("the interceptor's Service of a component that scales to zero", ScaleFromZero.InterceptorAlias(component, ServicePorts.Grpc)) is { } aliasProblem)
                {
                    problems.Add($"{component.Name}: {aliasProblem}; shorten the service's name");
                }

                if (component.Role == ComponentRole.Predictor)
                {
                    if (LocalOnly(component) is { } problem)
                    {
                        problems.Add(problem);
                    }

                    StorageInitializerContainer.AddTo(additions, component, environment, context.Options);
                }

                return ProjectWorkload.Create(component, component.Role.ToString().ToLowerInvariant(), environment, additions, context.Options);
            case GatewayResource gateway:
                foreach (var service in services)
                {
                    if (ClusterNames.HostProblem($"the host of {service.Name}", gateway.HostOf(service.Spec.Name, service.Spec.Namespace)) is { } hostProblem)
                    {
                        problems.Add($"{gateway.Name}: {hostProblem}; check Modelplane:Domain");
                    }
                }

                var routes = await GatewayObjects.CreateAsync(gateway, services, additions, cancellationToken);
                return [.. ProjectWorkload.Create(gateway, "gateway", ServiceEnvironment.Of(gateway, ClusterPlacement.Instance), additions, context.Options), .. routes];
            default:
                problems.Add($"{resource.Name}: Modelplane publishes its own resources (model stores, InferenceServices, the gateway), not a {resource.GetType().Name}; publish it with Aspire's publishers or leave it out of the published graph");
                return [];
        }
    }

    // The cluster cannot read this machine's files: a model stored on a local path must go to the store first.
    private static string? LocalOnly(ComponentResource predictor)
    {
        var uri = predictor.StorageUri;
        return uri is null || uri.StartsWith("s3://", StringComparison.Ordinal) || uri.StartsWith("http://", StringComparison.Ordinal) || uri.StartsWith("https://", StringComparison.Ordinal)
            ? null
            : $"{predictor.Name}: its model is at {uri}, on this machine, where a cluster cannot read it; push it with 'models push DIR s3://models/NAME' and serve s3://models/NAME";
    }
}
