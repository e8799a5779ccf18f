using System.Globalization;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Specs.Placement;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// Turns an InferenceService into the processes that serve it: per revision a predictor, and a transformer and
/// explainer when it has them, each with HTTP and gRPC endpoints, readiness on <c>/v2/health/ready</c>, its replicas,
/// and the settings KServe would give it (<c>STORAGE_URI</c>, the model name, the store's connection).
/// </summary>
internal static class ComponentExpansion
{
    private const string ReadinessPath = "/v2/health/ready";

    // KServe's batcher defaults, for a spec that asks for batching without saying how much.
    private const int DefaultMaxBatchSize = 32;
    private static readonly TimeSpan DefaultMaxLatency = TimeSpan.FromMilliseconds(500);

    public static void Expand(PlatformApplicationBuilder builder, InferenceServiceResource service)
    {
        var spec = service.Spec;
        var store = Store(builder, service);
        var plan = PlacementPlanner.Plan(spec, Facts(builder, store));
        foreach (var diagnostic in plan.Diagnostics.Where(d => !d.IsError))
        {
            builder.AddWarning(Relative(diagnostic));
        }

        var problems = plan.Diagnostics.Where(d => d.IsError).Select(Relative).ToList();
        foreach (var revision in plan.CanRun ? plan.Revisions : [])
        {
            var revisionSpec = spec.FindRevision(revision.Name)!;
            ComponentResource? predictor = null;
            foreach (var component in new[] { revision.Predictor, revision.Transformer, revision.Explainer }.OfType<PlannedComponent>())
            {
                var role = component.Role;
                var name = ComponentResource.NameOf(spec.Name, role, revision.Name);
                if (ResourceNames.Problem(name) is { } problem)
                {
                    problems.Add($"{Where(spec)}: the {Lower(role)} of revision {revision.Name} would be named {problem}; shorten the service or revision name");
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

                var resource = new ComponentResource(name, project, service, revisionSpec, role, component.Spec);
                var added = builder.AddResource(resource)
                    .WithEndpoint(EndpointAnnotation.Http)
                    .WithEndpoint(EndpointAnnotation.Grpc, targetPort: 8081)
                    .WithAnnotation(new HealthCheckAnnotation(EndpointAnnotation.Http, ReadinessPath))
                    .WithAnnotation(Replicas(component.Spec.Scaling))
                    .WithEnvironment(StorageVariables.ModelName, component.ModelName);
                foreach (var annotation in service.Annotations.Where(a => a is ReferenceAnnotation or WaitAnnotation))
                {
                    added.WithAnnotation(annotation);
                }

                if (role == ComponentRole.Predictor)
                {
                    predictor = resource;
                    if (component.Spec.Batching is { } batching)
                    {
                        // KServe's batcher and KubeDL's batching become the predictor's own dynamic batcher.
                        added.WithEnvironment("Serving__Batching__MaxBatchSize", (batching.MaxBatchSize ?? DefaultMaxBatchSize).ToString(CultureInfo.InvariantCulture))
                            .WithEnvironment("Serving__Batching__MaxQueueDelayMicroseconds", ((long)(batching.MaxLatency ?? DefaultMaxLatency).TotalMicroseconds).ToString(CultureInfo.InvariantCulture));
                    }
                }

                // The explainer loads the predictor's model directory too, for its background data and labels.
                var storageUri = role == ComponentRole.Transformer ? null : revision.Predictor.StorageUri!;
                if (storageUri is not null)
                {
                    added.WithEnvironment(StorageVariables.StorageUri, storageUri);
                    if (store is not null && storageUri.StartsWith($"s3://{store.Bucket}/", StringComparison.Ordinal))
                    {
                        added.WithAnnotation(new ReferenceAnnotation(store))
                            .WithAnnotation(new WaitAnnotation(store))
                            .WithEnvironment(StorageVariables.StorageConnection, store.Name);
                    }
                }

                var settings = component.Settings;
                if (role != ComponentRole.Predictor && predictor is not null)
                {
                    // The transformer and explainer find their revision's predictor as Aspire services find each other.
                    var section = role == ComponentRole.Transformer ? "Transformer" : "Explainer";
                    // It starts once its predictor is healthy: it calls the predictor from the start, and the predictors
                    // that serve the first requests get the CPUs to themselves while they start.
                    added.WithAnnotation(new ReferenceAnnotation(predictor))
                        .WithAnnotation(new WaitAnnotation(predictor))
                        .WithEnvironment($"{section}__Predictor", predictor.Name);
                    var (setting, unusable) = role == ComponentRole.Transformer ? Pipeline(builder, spec, settings) : Method(settings);
                    if (unusable is not null)
                    {
                        problems.Add($"{Where(spec)}: revision {revision.Name}: {unusable}");
                    }
                    else
                    {
                        added.WithEnvironment(setting!.Value.Key, setting.Value.Value);
                    }

                    settings = EquatableDictionary.From(settings.Where(s => s.Key is not ("pipeline" or "type")));
                }

                foreach (var (key, value) in settings)
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

    /// <summary>
    /// What this machine offers a spec: the store's bucket and the models the graph puts in it, and the AppHost's
    /// <c>Modelplane:StorageMappings</c> (storage URIs these machines cannot reach, mapped to local copies).
    /// </summary>
    private static LocalFacts Facts(PlatformApplicationBuilder builder, ModelStoreResource? store) => new()
    {
        StoreBucket = store?.Bucket ?? "models",
        StoreModels = store?.Annotations.OfType<ModelSeedAnnotation>().Select(s => s.Model).ToHashSet(StringComparer.Ordinal) ?? [],
        StorageMappings = builder.Configuration.GetSection("Modelplane:StorageMappings").GetChildren()
            .Where(m => m["from"] is { Length: > 0 } && m["to"] is { Length: > 0 })
            .ToDictionary(m => m["from"]!, m => m["to"]!, StringComparer.Ordinal),
    };

    private static string Relative(SpecDiagnostic diagnostic) =>
        (diagnostic.File.Length == 0 ? diagnostic : diagnostic with { File = Path.GetRelativePath(Directory.GetCurrentDirectory(), diagnostic.File) }).ToString();

    /// <summary>The transformer's pipeline file (<c>modelplane.io/transformer: PATH.json</c>), relative to the spec's file.</summary>
    private static (KeyValuePair<string, string>? Setting, string? Problem) Pipeline(PlatformApplicationBuilder builder, InferenceServiceSpec spec, EquatableDictionary settings)
    {
        var pipeline = settings.Find("pipeline") ?? string.Empty;
        if (!pipeline.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"the transformer's pipeline '{pipeline}' names no pipeline file; set {ModelplaneAnnotations.Transformer}: PATH.json to a file of Modelplane's transformer pipelines (as models/ocr/transformer.json)");
        }

        var directory = spec.Source is { } source ? Path.GetDirectoryName(source.File)! : builder.AppHostDirectory;
        var path = Path.GetFullPath(pipeline, directory);
        return File.Exists(path)
            ? (new KeyValuePair<string, string>("Transformer__Pipeline", path), null)
            : (null, $"the transformer's pipeline file {pipeline} does not exist (looked in {path})");
    }

    /// <summary>The explainer's method, from the spec's explainer type or <c>modelplane.io/explainer</c>.</summary>
    private static (KeyValuePair<string, string>? Setting, string? Problem) Method(EquatableDictionary settings)
    {
        var type = settings.Find("type") ?? string.Empty;
        var method = type.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "auto" => "Auto",
            "exact" or "exactshapley" => "Exact",
            "kernelshap" => "KernelShap",
            "occlusion" => "Occlusion",
            _ => null,
        };
        return method is null
            ? (null, $"the explainer type '{type}' is not a method of Modelplane's explainer; set {ModelplaneAnnotations.Explainer}: auto, exact, kernel-shap or occlusion")
            : (new KeyValuePair<string, string>("Explainer__Method", method), null);
    }

    private static string Lower(ComponentRole role) => role.ToString().ToLowerInvariant();

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

    private static string Where(InferenceServiceSpec spec) => spec.Source is { } source
        ? string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(Directory.GetCurrentDirectory(), source.File)}:{source.Line}: InferenceService {spec.Name}")
        : $"InferenceService {spec.Name}";
}
