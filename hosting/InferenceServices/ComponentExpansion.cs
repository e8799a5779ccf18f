using System.Globalization;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// Turns an InferenceService into the processes that serve it: per revision a predictor, and a transformer and
/// explainer when it has them, each with HTTP and gRPC endpoints, readiness on <c>/v2/health/ready</c>, its replicas,
/// and the settings KServe would give it (<c>STORAGE_URI</c>, the model name, the store's connection).
/// </summary>
internal static class ComponentExpansion
{
    private const string ReadinessPath = "/v2/health/ready";

    public static void Expand(PlatformApplicationBuilder builder, InferenceServiceResource service)
    {
        var spec = service.Spec;
        var store = Store(builder, service);
        var problems = new List<string>();
        foreach (var revision in spec.Revisions)
        {
            ComponentResource? predictor = null;
            foreach (var (role, component) in revision.Components())
            {
                var name = ComponentResource.NameOf(spec.Name, role, revision.Name);
                if (ResourceNames.Problem(name) is { } problem)
                {
                    problems.Add($"{Where(spec)}: the {role.ToString().ToLowerInvariant()} of revision {revision.Name} would be named {problem}; shorten the service or revision name");
                    continue;
                }

                IProjectMetadata project;
                try
                {
                    project = role switch
                    {
                        ComponentRole.Predictor => ServiceProject.Predictor,
                        ComponentRole.Transformer => ServiceProject.Transformer,
                        _ => ServiceProject.Explainer,
                    };
                }
                catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
                {
                    problems.Add($"{Where(spec)}: {e.Message}");
                    continue;
                }

                var resource = new ComponentResource(name, project, service, revision, role, component);
                var added = builder.AddResource(resource)
                    .WithEndpoint(EndpointAnnotation.Http)
                    .WithEndpoint(EndpointAnnotation.Grpc, targetPort: 8081)
                    .WithAnnotation(new HealthCheckAnnotation(EndpointAnnotation.Http, ReadinessPath))
                    .WithAnnotation(Replicas(component.Scaling));
                foreach (var reference in service.Annotations.OfType<ReferenceAnnotation>())
                {
                    added.WithAnnotation(reference);
                }

                foreach (var wait in service.Annotations.OfType<WaitAnnotation>())
                {
                    added.WithAnnotation(wait);
                }

                if (role == ComponentRole.Predictor)
                {
                    predictor = resource;
                    if (StorageUri(spec, revision, component, store) is { } storageUri)
                    {
                        added.WithEnvironment("STORAGE_URI", storageUri).WithEnvironment("Serving__ModelName", service.ModelName);
                        if (store is not null && storageUri.StartsWith($"s3://{store.Bucket}/", StringComparison.Ordinal))
                        {
                            added.WithAnnotation(new ReferenceAnnotation(store))
                                .WithAnnotation(new WaitAnnotation(store))
                                .WithEnvironment("Serving__StorageConnection", store.Name);
                        }
                    }
                    else
                    {
                        problems.Add($"{Where(spec)}: revision {revision.Name}: the predictor has no model; give it a storageUri (s3://{store?.Bucket ?? "models"}/NAME) or the annotation {ModelplaneAnnotations.StorageUri}");
                    }
                }
                else if (predictor is not null)
                {
                    // The transformer and explainer find their revision's predictor as Aspire services find each other.
                    added.WithAnnotation(new ReferenceAnnotation(predictor))
                        .WithEnvironment("Serving__ModelName", service.ModelName)
                        .WithEnvironment("Serving__Predictor", predictor.Name);
                }

                foreach (var (key, value) in component.Settings)
                {
                    added.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
                }

                service.AddComponent(resource);
            }
        }

        if (problems.Count > 0)
        {
            throw new GraphException(problems);
        }
    }

    private static ReplicaAnnotation Replicas(ScalingSpec scaling)
    {
        var min = scaling.MinReplicas;
        var initial = scaling.InitialReplicas ?? Math.Max(min, 1);
        return new ReplicaAnnotation(Math.Max(min, Math.Min(initial, scaling.MaxReplicas ?? initial)), Math.Max(scaling.MaxReplicas ?? initial, initial));
    }

    /// <summary>The store the service's models come from: the one it references, else the graph's only one.</summary>
    private static ModelStoreResource? Store(PlatformApplicationBuilder builder, InferenceServiceResource service) =>
        service.Annotations.OfType<ReferenceAnnotation>().Select(r => r.Target).OfType<ModelStoreResource>().FirstOrDefault()
        ?? (builder.Resources.OfType<ModelStoreResource>().ToList() is [var only] ? only : null);

    /// <summary>Where the predictor's model is: Modelplane's annotation (for the revision, else for all), the spec's storage URI, or the named model in the store.</summary>
    private static string? StorageUri(InferenceServiceSpec spec, RevisionSpec revision, ComponentSpec predictor, ModelStoreResource? store) =>
        spec.Annotations.Find(ModelplaneAnnotations.ForRevision(ModelplaneAnnotations.StorageUri, revision.Name))
        ?? predictor.Annotations.Find(ModelplaneAnnotations.StorageUri)
        ?? spec.Annotations.Find(ModelplaneAnnotations.StorageUri)
        ?? predictor.Model?.StorageUri
        ?? (predictor.Model?.StoreModel is { } model && store is not null ? store.UriOf(model) : null);

    private static string Where(InferenceServiceSpec spec) => spec.Source is { } source
        ? string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(Directory.GetCurrentDirectory(), source.File)}:{source.Line}: InferenceService {spec.Name}")
        : $"InferenceService {spec.Name}";
}
