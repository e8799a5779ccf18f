using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// Adds InferenceServices to an Aspire AppHost, from C# or from YAML specs in any dialect Modelplane reads; each
/// becomes one predictor (and transformer and explainer, when it has them) per revision when the graph is complete.
/// </summary>
public static class InferenceServiceBuilderExtensions
{
    /// <summary>Adds an InferenceService with one revision, <c>default</c>, whose predictor has no model yet (see <see cref="WithModel"/>).</summary>
    public static IResourceBuilder<InferenceServiceResource> AddInferenceService(this IDistributedApplicationBuilder builder, string name, string @namespace = "default")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var spec = new InferenceServiceSpec
        {
            Name = name,
            Namespace = @namespace,
            Revisions = [new RevisionSpec { Name = "default", Predictor = new ComponentSpec() }],
        };
        return Add(builder, spec, ModelplaneGraph.Of(builder))!;
    }

    /// <summary>
    /// Adds every InferenceService of the YAML files under <paramref name="directory"/> (KServe, KFServing, KubeDL,
    /// PaddleService), or under <c>Modelplane:Specs</c> when the AppHost is given one (<c>--Modelplane:Specs=DIR</c>).
    /// Errors keep the graph from running, each as <c>file:line: field: what to change</c>; warnings are printed when it runs.
    /// KServe InferenceGraphs among them are read, checked and kept with the graph; they are not routed yet.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<InferenceServiceResource>> AddInferenceServices(this IDistributedApplicationBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var graph = ModelplaneGraph.Of(builder);
        var path = graph.Configuration["Modelplane:Specs"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : graph.ResolvePath(directory);
        var read = SpecReader.ReadDirectory(path);
        graph.SpecDirectories.Add(path);
        graph.InferenceGraphs.AddRange(read.Graphs);
        foreach (var diagnostic in read.Diagnostics)
        {
            var rendered = (diagnostic with { File = Path.GetRelativePath(Directory.GetCurrentDirectory(), diagnostic.File) }).ToString();
            if (diagnostic.IsError)
            {
                graph.AddProblem(rendered);
            }
            else
            {
                graph.AddWarning(rendered);
            }
        }

        return [.. read.Specs.Select(spec => Add(builder, spec, graph)).OfType<IResourceBuilder<InferenceServiceResource>>()];
    }

    /// <summary>Serves the ONNX model at <paramref name="storageUri"/> (<c>s3://models/iris</c>) in the default revision's predictor.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithModel(this IResourceBuilder<InferenceServiceResource> builder, string storageUri, string format = "onnx") =>
        builder.UpdateRevision("default", revision => revision with { Predictor = revision.Predictor with { Model = Model(storageUri, format) } });

    /// <summary>
    /// Adds a <c>canary</c> revision serving <paramref name="storageUri"/> with <paramref name="trafficPercent"/> of the
    /// traffic (KServe's <c>canaryTrafficPercent</c>); the default revision keeps the rest.
    /// </summary>
    public static IResourceBuilder<InferenceServiceResource> WithCanary(this IResourceBuilder<InferenceServiceResource> builder, string storageUri, int trafficPercent, string format = "onnx")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(trafficPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trafficPercent, 100);
        var spec = builder.Resource.Spec;
        var stable = spec.FindRevision("default") ?? throw new InvalidOperationException($"{spec.Name}: a canary needs the default revision");
        var canary = stable with { Name = "canary", TrafficPercent = trafficPercent, Predictor = stable.Predictor with { Model = Model(storageUri, format) } };
        builder.Resource.Spec = spec with
        {
            CanaryTrafficPercent = trafficPercent,
            Revisions = [stable with { TrafficPercent = 100 - trafficPercent }, canary],
        };
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> predictors per revision, or between <paramref name="replicas"/> and <paramref name="maxReplicas"/>.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithScaling(this IResourceBuilder<InferenceServiceResource> builder, int replicas, int? maxReplicas = null) =>
        builder.UpdateComponents(ComponentRole.Predictor, c => c with { Scaling = c.Scaling with { MinReplicas = replicas, MaxReplicas = maxReplicas ?? Math.Max(replicas, 1) } });

    /// <summary>
    /// What the autoscaler aims at for every revision's predictor, as KServe's <c>scaleTarget</c> and <c>scaleMetric</c>
    /// and Knative's <c>autoscaling.knative.dev/window</c>: <paramref name="target"/> concurrent requests (or requests per
    /// second) per replica, averaged over <paramref name="window"/>; what is not given keeps Knative's default (100, 60 s).
    /// </summary>
    public static IResourceBuilder<InferenceServiceResource> WithAutoscaling(this IResourceBuilder<InferenceServiceResource> builder, int? target = null, ScaleMetric? metric = null, TimeSpan? window = null)
    {
        if (target is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "a target is at least 1 request (or request per second) per replica");
        }

        if (window is { } w && (w < TimeSpan.FromSeconds(6) || w > TimeSpan.FromHours(1) || w.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "Knative's window is whole seconds from 6 s to 1 h");
        }

        return builder.UpdateComponents(ComponentRole.Predictor, c => c with
        {
            Scaling = c.Scaling with { Target = target ?? c.Scaling.Target, Metric = metric ?? c.Scaling.Metric, Window = window ?? c.Scaling.Window },
        });
    }

    /// <summary>Batches concurrent requests to every revision's predictor (KServe's <c>batcher</c>): up to <paramref name="maxBatchSize"/> rows, waiting at most <paramref name="maxLatency"/>.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithBatching(this IResourceBuilder<InferenceServiceResource> builder, int maxBatchSize, TimeSpan maxLatency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLatency, TimeSpan.Zero);
        return builder.UpdateComponents(ComponentRole.Predictor, c => c with { Batching = new BatchingSpec { MaxBatchSize = maxBatchSize, MaxLatency = maxLatency } });
    }

    /// <summary>Puts Modelplane's transformer in front of every revision's predictor, running the pipelines of <paramref name="pipelineFile"/> (relative to the AppHost).</summary>
    public static IResourceBuilder<InferenceServiceResource> WithTransformer(this IResourceBuilder<InferenceServiceResource> builder, string pipelineFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithTransformer(new Dictionary<string, string> { ["pipeline"] = ModelplaneGraph.Of(builder.ApplicationBuilder).ResolvePath(pipelineFile) });
    }

    /// <summary>Adds Modelplane's explainer to every revision: <paramref name="method"/> is <c>auto</c>, <c>exact</c>, <c>kernel-shap</c> or <c>occlusion</c>.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithExplainer(this IResourceBuilder<InferenceServiceResource> builder, string method = "auto") =>
        builder.WithExplainer(new Dictionary<string, string> { ["type"] = method });

    /// <summary>Puts Modelplane's transformer in front of every revision's predictor, with its pipeline settings.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithTransformer(this IResourceBuilder<InferenceServiceResource> builder, IReadOnlyDictionary<string, string> settings) =>
        builder.UpdateAllRevisions(r => r with { Transformer = new ComponentSpec { Settings = EquatableDictionary.From(settings) } });

    /// <summary>Adds Modelplane's explainer to every revision, with its method settings.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithExplainer(this IResourceBuilder<InferenceServiceResource> builder, IReadOnlyDictionary<string, string> settings) =>
        builder.UpdateAllRevisions(r => r with { Explainer = new ComponentSpec { Settings = EquatableDictionary.From(settings) } });

    /// <summary>The store the service's models come from (Aspire's <c>WithReference</c>); without one, the graph's only store.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithReference(this IResourceBuilder<InferenceServiceResource> builder, IResourceBuilder<ModelStoreResource> store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Resource.Store = store.Resource;
        return builder.WithRelationship(store.Resource, "Reference");
    }

    /// <summary>The request the AppHost sends through the gateway once ready, prints as a curl to paste, and the dashboard's command sends.</summary>
    public static IResourceBuilder<InferenceServiceResource> WithSampleRequest(this IResourceBuilder<InferenceServiceResource> builder, string path, string json)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new SampleRequestAnnotation(path, json), ResourceAnnotationMutationBehavior.Replace);
    }

    private static IResourceBuilder<InferenceServiceResource>? Add(IDistributedApplicationBuilder builder, InferenceServiceSpec spec, ModelplaneGraph graph)
    {
        // A bad name in C# throws here, as Aspire's do (the readers have already refused bad names in YAML); a name
        // taken by another resource is a problem naming the spec.
        var resource = new InferenceServiceResource(spec);
        if (builder.Resources.Any(r => string.Equals(r.Name, spec.Name, StringComparison.OrdinalIgnoreCase)))
        {
            var where = spec.Source is { } source ? $"{Path.GetRelativePath(Directory.GetCurrentDirectory(), source.File)}:{source.Line}: " : string.Empty;
            graph.AddProblem($"{where}InferenceService {spec.Name}: the graph already has a resource named '{spec.Name}'; every resource needs its own name");
            return null;
        }

        // A manifest has no kind for a service as a whole: its components stand for it there.
        var added = ServiceStates.Watch(builder.AddResource(resource), graph).ExcludeFromManifest();
        return spec.Source is not null && graph.IsRunMode && graph.FollowsSpecs ? RolloutCommands.Add(added) : added;
    }

    private static ModelSpec Model(string storageUri, string format)
    {
        ArgumentException.ThrowIfNullOrEmpty(storageUri);
        return new ModelSpec { Format = new ModelFormat(format), StorageUri = storageUri };
    }

    private static IResourceBuilder<InferenceServiceResource> UpdateRevision(this IResourceBuilder<InferenceServiceResource> builder, string name, Func<RevisionSpec, RevisionSpec> update)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var spec = builder.Resource.Spec;
        builder.Resource.Spec = spec with { Revisions = EquatableList.From(spec.Revisions.Select(r => r.Name == name ? update(r) : r)) };
        return builder;
    }

    private static IResourceBuilder<InferenceServiceResource> UpdateAllRevisions(this IResourceBuilder<InferenceServiceResource> builder, Func<RevisionSpec, RevisionSpec> update)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var spec = builder.Resource.Spec;
        builder.Resource.Spec = spec with { Revisions = EquatableList.From(spec.Revisions.Select(update)) };
        return builder;
    }

    private static IResourceBuilder<InferenceServiceResource> UpdateComponents(this IResourceBuilder<InferenceServiceResource> builder, ComponentRole role, Func<ComponentSpec, ComponentSpec> update) =>
        builder.UpdateAllRevisions(r => role switch
        {
            ComponentRole.Predictor => r with { Predictor = update(r.Predictor) },
            ComponentRole.Transformer when r.Transformer is not null => r with { Transformer = update(r.Transformer) },
            ComponentRole.Explainer when r.Explainer is not null => r with { Explainer = update(r.Explainer) },
            _ => r,
        });
}
