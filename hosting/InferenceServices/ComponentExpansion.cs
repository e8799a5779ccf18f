using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Publishing.Manifest;
using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Specs.Placement;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// Turns an InferenceService into the components that serve it, as KServe's controller does: per revision a predictor,
/// and a transformer and explainer when it has them, each with the settings KServe would give it (the model's place
/// and name, the store, batching, the pipeline or method). In a local run each component then gets its replicas.
/// </summary>
internal static class ComponentExpansion
{
    // KServe's batcher defaults, for a spec that asks for batching without saying how much.
    private const int DefaultMaxBatchSize = 32;
    private static readonly TimeSpan DefaultMaxLatency = TimeSpan.FromMilliseconds(500);

    public static void Expand(ModelplaneGraph graph, InferenceServiceResource service)
    {
        var problems = new List<string>();
        var revisions = Plan(graph, service, service.Spec, problems);
        foreach (var plans in revisions)
        {
            Add(graph, service, plans, problems);

            // A service read from a spec file that a run follows gets, when the run starts, a second set of components
            // for the revision a change to the file makes (see AddStandby).
            if (revisions.Count == 1 && service.Spec.Source is not null)
            {
                service.StandbyPlans = [.. plans.Select(p => p with { Revision = p.Revision with { Name = Revisions.Rollouts.StandbyOf(p.Revision.Name) }, Replicas = p.Replicas with { Initial = 0 } })];
            }
        }

        if (problems.Count > 0)
        {
            throw new GraphException(problems);
        }
    }

    /// <summary>
    /// In a local run that follows its spec files, gives a service read from one a second set of components, not
    /// started, for the revision a change to the file makes: Aspire's resources are fixed once it runs (see
    /// Revisions/Rollouts). Not published: a cluster makes revisions itself.
    /// </summary>
    public static void AddStandby(ModelplaneGraph graph, InferenceServiceResource service)
    {
        if (graph.FollowsSpecs && service.StandbyPlans is { Count: > 0 } plans)
        {
            var problems = new List<string>();
            Add(graph, service, [.. plans], problems);
            foreach (var problem in problems)
            {
                graph.AddProblem(problem);
            }
        }
    }

    /// <summary>
    /// The components each revision of <paramref name="spec"/> runs as here, predictor first, each as KServe's controller
    /// would set it up (the model's place and name, the store, batching, the pipeline or method); what keeps a revision
    /// from running is added to <paramref name="problems"/>. A transformer's or explainer's predictor is not linked yet.
    /// </summary>
    public static List<List<ComponentPlan>> Plan(ModelplaneGraph graph, InferenceServiceResource service, InferenceServiceSpec spec, List<string> problems)
    {
        var store = service.Store ?? (graph.Resources<ModelStoreResource>().ToList() is [var only] ? only : null);
        var plan = PlacementPlanner.Plan(spec, Facts(graph, store));
        foreach (var diagnostic in plan.Diagnostics.Where(d => !d.IsError))
        {
            graph.AddWarning(Relative(diagnostic));
        }

        problems.AddRange(plan.Diagnostics.Where(d => d.IsError).Select(Relative));
        var revisions = new List<List<ComponentPlan>>();
        foreach (var revision in plan.CanRun ? plan.Revisions : [])
        {
            var revisionSpec = spec.FindRevision(revision.Name)!;
            var plans = new List<ComponentPlan>();
            foreach (var planned in new[] { revision.Predictor, revision.Transformer, revision.Explainer }.OfType<PlannedComponent>())
            {
                var role = planned.Role;
                ServiceProject project;
                try
                {
                    project = role switch
                    {
                        ComponentRole.Predictor => ServiceProject.Predictor,
                        ComponentRole.Transformer => ServiceProject.Transformer,
                        _ => ServiceProject.Explainer,
                    };
                }
                catch (InvalidOperationException e)
                {
                    problems.Add($"{Where(spec)}: {e.Message}");
                    continue;
                }

                // The explainer loads the predictor's model directory too, for its background data and labels.
                var storageUri = role == ComponentRole.Transformer ? null : revision.Predictor.StorageUri!;
                var inStore = store is not null && storageUri is not null && storageUri.StartsWith($"s3://{store.Bucket}/", StringComparison.Ordinal) ? store : null;
                var settings = new List<KeyValuePair<string, string>>();
                if (role == ComponentRole.Predictor && planned.Spec.Batching is { } batching)
                {
                    // KServe's batcher and KubeDL's batching become the predictor's own dynamic batcher.
                    settings.Add(new("Serving__Batching__MaxBatchSize", (batching.MaxBatchSize ?? DefaultMaxBatchSize).ToString(CultureInfo.InvariantCulture)));
                    settings.Add(new("Serving__Batching__MaxQueueDelayMicroseconds", ((long)(batching.MaxLatency ?? DefaultMaxLatency).TotalMicroseconds).ToString(CultureInfo.InvariantCulture)));
                }

                var serverSettings = planned.Settings;
                if (role != ComponentRole.Predictor)
                {
                    var (setting, unusable) = role == ComponentRole.Transformer ? Pipeline(graph, spec, serverSettings) : Method(serverSettings);
                    if (unusable is not null)
                    {
                        problems.Add($"{Where(spec)}: revision {revision.Name}: {unusable}");
                        continue;
                    }

                    settings.Add(setting!.Value);
                    serverSettings = EquatableDictionary.From(serverSettings.Where(s => s.Key is not ("pipeline" or "type")));
                }

                settings.AddRange(serverSettings.Select(s => new KeyValuePair<string, string>(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value)));
                plans.Add(new ComponentPlan(service, revisionSpec, role, planned.Spec, project, planned.ModelName, storageUri, inStore, null, settings, Replicas(planned.Spec.Scaling)));
            }

            revisions.Add(plans);
        }

        return revisions;
    }

    // The resources of one revision's components, named {service}-{role}-{revision}, the predictor first.
    private static void Add(ModelplaneGraph graph, InferenceServiceResource service, List<ComponentPlan> plans, List<string> problems)
    {
        ComponentResource? predictor = null;
        foreach (var plan in plans)
        {
            var name = ComponentResource.NameOf(service.Spec.Name, plan.Role, plan.Revision.Name);
            if (ResourceNames.Problem(name) is { } problem)
            {
                problems.Add($"{Where(service.Spec)}: the {Lower(plan.Role)} of revision {plan.Revision.Name} would be named {problem}; shorten the service or revision name");
                continue;
            }

            var component = new ComponentResource(name, plan.Role == ComponentRole.Predictor ? plan : plan with { Predictor = predictor });
            if (plan.Role == ComponentRole.Predictor)
            {
                predictor = component;
            }

            var added = graph.Builder.AddResource(component)
                .WithParentRelationship(service)
                .WithInitialState(new CustomResourceSnapshot { ResourceType = "Component", Properties = [] })
                .WithManifestPublishingCallback(context => ManifestResources.WriteComponentAsync(context, component));
            if (graph.IsRunMode)
            {
                Dashboard.ScaleCommand.Add(added);
            }

            service.AddComponent(component);
        }
    }

    /// <summary>
    /// What this machine offers a spec: the store's bucket and the models the graph puts in it, and the AppHost's
    /// <c>Modelplane:StorageMappings</c> (storage URIs these machines cannot reach, mapped to local copies).
    /// </summary>
    private static LocalFacts Facts(ModelplaneGraph graph, ModelStoreResource? store) => new()
    {
        StoreBucket = store?.Bucket ?? "models",
        StoreModels = store?.Seeds.Select(s => s.Model).ToHashSet(StringComparer.Ordinal) ?? [],
        StorageMappings = graph.Configuration.GetSection("Modelplane:StorageMappings").GetChildren()
            .Where(m => m["from"] is { Length: > 0 } && m["to"] is { Length: > 0 })
            .ToDictionary(m => m["from"]!, m => m["to"]!, StringComparer.Ordinal),
    };

    /// <summary>A spec diagnostic as the console shows it, its file relative to the current directory.</summary>
    internal static string Relative(SpecDiagnostic diagnostic) =>
        (diagnostic.File.Length == 0 ? diagnostic : diagnostic with { File = Path.GetRelativePath(Directory.GetCurrentDirectory(), diagnostic.File) }).ToString();

    /// <summary>The transformer's pipeline file (<c>modelplane.io/transformer: PATH.json</c>), relative to the spec's file.</summary>
    private static (KeyValuePair<string, string>? Setting, string? Problem) Pipeline(ModelplaneGraph graph, InferenceServiceSpec spec, EquatableDictionary settings)
    {
        var pipeline = settings.Find("pipeline") ?? string.Empty;
        if (!pipeline.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"the transformer's pipeline '{pipeline}' names no pipeline file; set {ModelplaneAnnotations.Transformer}: PATH.json to a file of Modelplane's transformer pipelines (as models/ocr/transformer.json)");
        }

        var directory = spec.Source is { } source ? Path.GetDirectoryName(source.File)! : graph.AppHostDirectory;
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

    private static ReplicaCount Replicas(ScalingSpec scaling)
    {
        var initial = scaling.InitialReplicas ?? Math.Max(scaling.MinReplicas, 1);
        var min = Math.Max(scaling.MinReplicas, Math.Min(initial, scaling.MaxReplicas ?? initial));
        return new ReplicaCount(min, Math.Max(scaling.MaxReplicas ?? initial, initial), Math.Max(min, 1));
    }

    private static string Where(InferenceServiceSpec spec) => spec.Source is { } source
        ? string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(Directory.GetCurrentDirectory(), source.File)}:{source.Line}: InferenceService {spec.Name}")
        : $"InferenceService {spec.Name}";
}
