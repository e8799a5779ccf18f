namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// KubeDL's <c>serving.kubedl.io/v1alpha1</c> Inference: a framework and several predictors, each a revision with its
/// <c>modelVersion</c> (a model in the store), pod template, replicas, autoscaling, batching and traffic share.
/// </summary>
internal sealed class KubeDlReader : ISpecDialect
{
    // KubeDL's API spells the share trafficPercent; its documentation spells it trafficPercentage. Both are read.
    private const string TrafficPercent = "trafficPercent";
    private const string TrafficPercentage = "trafficPercentage";

    public string ApiGroup => "serving.kubedl.io";

    public string Kind => "Inference";

    public IReadOnlyList<string> Versions { get; } = ["v1alpha1"];

    public InferenceServiceSpec? Read(YamlMap document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = document.Document;
        var meta = ObjectMeta.Read(document, "hello-inference");
        var spec = document.ObjectSpec("an Inference", "add spec: {framework: TFServing, predictors: [...]}");
        if (spec is null)
        {
            return null;
        }

        var framework = spec.RequiredString("framework", "name the serving framework, e.g. framework: TFServing");
        var format = framework switch
        {
            null => null,
            "TFServing" => new ModelFormat("tensorflow"),
            _ => new ModelFormat(framework.ToLowerInvariant()),
        };
        var predictorMaps = spec.Maps("predictors");
        if (predictorMaps.Count == 0 && !spec.Has("predictors"))
        {
            spec.Missing("predictors", "add predictors: [{name: NAME, modelVersion: MODEL, template: {spec: {containers: [...]}}}]");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var predictors = predictorMaps.Select(p => ReadPredictor(p, format, names)).ToList();
        spec.ReportUnknown("an Inference spec (framework, predictors)");
        CheckTraffic(spec, predictors);
        if (meta is null || context.HasErrors || predictors.Count == 0)
        {
            return null;
        }

        return new InferenceServiceSpec
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Annotations = meta.Annotations,
            Revisions = EquatableList.From(predictors.Select(p => p.Revision with { TrafficPercent = p.Percent ?? 100 })),
        };
    }

    // One predictor takes all the traffic; several must each give a share, and the shares must add up to 100.
    private static void CheckTraffic(YamlMap spec, IReadOnlyList<PredictorRead> predictors)
    {
        if (predictors.Count == 1 && predictors[0].Percent is { } only && only != 100)
        {
            spec.Document.Error(predictors[0].PercentLine, predictors[0].PercentPath, $"the only predictor takes all the traffic, not {only}%; write 100 or remove the field");
        }
        else if (predictors.Count > 1)
        {
            foreach (var missing in predictors.Where(p => !p.PercentGiven))
            {
                missing.Map.Missing(TrafficPercent, $"with several predictors each needs its share of the traffic, e.g. {TrafficPercent}: 50 (the shares add up to 100)");
            }

            var total = predictors.Sum(p => p.Percent ?? 0);
            if (predictors.All(p => p.Percent is not null) && total != 100)
            {
                var shares = string.Join(", ", predictors.Select(p => $"{p.Revision.Name} {p.Percent}"));
                spec.Error("predictors", $"the traffic shares add up to {total} ({shares}); make them add up to 100");
            }
        }
    }

    private static PredictorRead ReadPredictor(YamlMap predictor, ModelFormat? format, HashSet<string> names)
    {
        var context = predictor.Document;
        var name = predictor.RequiredString("name", "name the predictor, e.g. name: model-predictor");
        if (name is not null && KubernetesNames.ProblemWithName(name) is { } problem)
        {
            predictor.Error("name", problem);
        }
        else if (name is not null && !names.Add(name))
        {
            predictor.Error("name", $"another predictor is already named {name}; give each predictor its own name");
        }

        var scope = new ComponentScope(context, name ?? string.Empty, ComponentRole.Predictor);
        scope.LocateComponent(predictor);
        scope.Locate(SpecField.StoreModel, predictor, "modelVersion");
        var modelVersion = predictor.String("modelVersion");
        predictor.Note("modelPath", "has no effect here: the model is loaded from the store by its modelVersion");
        var replicas = predictor.Int("replicas");
        var (percent, percentKey) = ReadPercent(predictor);
        var scaling = ReadScaling(predictor, replicas);
        var batching = ReadBatching(predictor);

        var template = predictor.Map("template");
        if (template is null && !predictor.Has("template"))
        {
            predictor.Missing("template", "give the predictor's pod template, e.g. template: {spec: {containers: [{image: IMAGE}]}}");
        }

        var (container, resources, labels, annotations) = template is null ? default : ReadTemplate(template, scope);
        predictor.ReportUnknown("a KubeDL predictor");
        var component = new ComponentSpec
        {
            Model = new ModelSpec { Format = format, StoreModel = modelVersion, Name = ModelNameInArgs(format, container) },
            Container = container,
            Scaling = scaling,
            Batching = batching,
            Resources = resources ?? new ResourceSpec(),
            Labels = labels ?? EquatableDictionary.Empty,
            Annotations = annotations ?? EquatableDictionary.Empty,
        };
        return new PredictorRead(
            predictor,
            new RevisionSpec { Name = name ?? string.Empty, Predictor = component },
            percent,
            predictor.Has(percentKey),
            predictor.LineOf(percentKey),
            predictor.Field(percentKey));
    }

    private static (int? Percent, string Key) ReadPercent(YamlMap predictor)
    {
        var percent = predictor.Int(TrafficPercent, 0, 100);
        var percentage = predictor.Int(TrafficPercentage, 0, 100);
        if (predictor.Has(TrafficPercent) && predictor.Has(TrafficPercentage))
        {
            predictor.Error(TrafficPercentage, $"gives the share twice, with {TrafficPercent}; keep one of them");
        }

        return predictor.Has(TrafficPercentage) ? (percentage, TrafficPercentage) : (percent, TrafficPercent);
    }

    // Without autoScale the predictor runs exactly `replicas`; with it, `replicas` is where it starts.
    private static ScalingSpec ReadScaling(YamlMap predictor, int? replicas)
    {
        if (predictor.Map("autoScale") is not { } autoScale)
        {
            // Without autoScale, zero replicas would never serve; the autoscaler cannot honour a maximum of zero.
            if (replicas == 0)
            {
                predictor.Error("replicas", "0 replicas never serve a request; write replicas: 1 or more, or autoScale: {minReplicas: 0, maxReplicas: 1} to scale to zero");
            }

            return new ScalingSpec { MinReplicas = replicas ?? 1, MaxReplicas = replicas ?? 1 };
        }

        var min = autoScale.Int("minReplicas") ?? 1;
        var max = autoScale.Int("maxReplicas", 1);
        autoScale.Note("autoScaler", "has no effect here: Modelplane's own autoscaler scales the predictor between minReplicas and maxReplicas");
        autoScale.ReportUnknown("autoScale (minReplicas, maxReplicas, autoScaler)");
        if (max is { } high && min > high)
        {
            autoScale.Error("minReplicas", $"{min} is more than maxReplicas {high}; lower minReplicas or raise maxReplicas");
        }
        else if (replicas is { } start && (start < min || (max is { } top && start > top)))
        {
            predictor.Error("replicas", $"{start} is outside autoScale's {min} to {max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded"}; start within that range or widen it");
        }

        return new ScalingSpec { MinReplicas = min, MaxReplicas = max, InitialReplicas = replicas };
    }

    private static BatchingSpec? ReadBatching(YamlMap predictor)
    {
        if (predictor.Map("batching") is not { } batching)
        {
            return null;
        }

        var size = batching.Int("batchSize", 1);
        if (size is null && !batching.Has("batchSize"))
        {
            batching.Missing("batchSize", "give the most requests in one batch, e.g. batchSize: 32");
        }

        var timeout = batching.Int("timeoutSeconds", 1);
        batching.ReportUnknown("batching (batchSize, timeoutSeconds)");
        return new BatchingSpec { MaxBatchSize = size, MaxLatency = timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null };
    }

    private static (ContainerSpec? Container, ResourceSpec? Resources, EquatableDictionary? Labels, EquatableDictionary? Annotations) ReadTemplate(YamlMap template, ComponentScope scope)
    {
        var metadata = template.Map("metadata");
        if (metadata is not null)
        {
            scope.Locate(SpecField.Annotations, metadata, "annotations");
        }

        var labels = metadata?.StringMap("labels");
        var annotations = metadata?.StringMap("annotations");
        metadata?.ReportUnknown("the template's metadata (labels, annotations)");
        var pod = template.Map("spec");
        if (pod is null && !template.Has("spec"))
        {
            template.Missing("spec", "give the pod's spec, e.g. spec: {containers: [{image: IMAGE}]}");
        }

        template.ReportUnknown("a pod template (metadata, spec)");
        if (pod is null)
        {
            return (null, null, labels, annotations);
        }

        var serving = ContainerReader.PickServing(ContainerReader.ReadPod(pod), "predictor", serverNamedOtherwise: false);
        if (serving is null && !pod.Has("containers"))
        {
            pod.Missing("containers", "give the serving container, e.g. containers: [{image: IMAGE}]");
        }

        pod.ReportUnknown("a pod spec");
        if (serving is null)
        {
            return (null, null, labels, annotations);
        }

        var container = ContainerReader.ReadContainerFields(serving, scope);
        var resources = ContainerReader.ReadResources(serving);
        serving.ReportUnknown("a container");
        return (container, resources, labels, annotations);
    }

    // TensorFlow Serving answers under --model_name, so requests written for the cluster name that model.
    private static string? ModelNameInArgs(ModelFormat? format, ContainerSpec? container) =>
        format?.Name != "tensorflow" || container is null
            ? null
            : container.Args.Where(a => a.StartsWith("--model_name=", StringComparison.Ordinal)).Select(a => a["--model_name=".Length..]).LastOrDefault();

    private sealed record PredictorRead(YamlMap Map, RevisionSpec Revision, int? Percent, bool PercentGiven, int PercentLine, string PercentPath);
}
