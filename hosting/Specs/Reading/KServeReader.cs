namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// KServe's <c>serving.kserve.io/v1beta1</c> InferenceService, also as KFServing's <c>serving.kubeflow.org/v1beta1</c>
/// (the same schema before the rename): predictor <c>model</c> or the framework forms (<c>sklearn:</c>, <c>onnx:</c>...)
/// or custom containers, transformer, explainer, their extension fields, and a <c>spec.canary</c> list of further
/// revisions with their own <c>trafficPercent</c>.
/// </summary>
internal sealed class KServeReader(string apiGroup) : ISpecDialect
{
    private const string ModelField = "model: {modelFormat: {name: onnx}, storageUri: s3://models/NAME}";

    private static readonly string[] Frameworks =
        ["sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle"];

    private static readonly string[] Explainers = ["alibi", "art"];

    public string ApiGroup { get; } = apiGroup;

    public string Kind => "InferenceService";

    public IReadOnlyList<string> Versions { get; } = ["v1beta1"];

    public InferenceServiceSpec? Read(YamlMap document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = document.Document;
        var meta = ObjectMeta.Read(document, "sklearn-iris");
        var spec = document.ObjectSpec("an InferenceService", $"add spec: {{predictor: {{{ModelField}}}}}");
        if (spec is null)
        {
            return null;
        }

        // The object's Knative autoscaling annotations apply to each component that does not set its own.
        var service = meta is null ? KnativeRead.None : KnativeAutoscaling.Read(new ScalingSpec(), meta.Annotations, meta.AnnotationEntries, context, service: true);
        var main = ReadRevision(spec, "default", service);
        var canaries = ReadCanaries(spec, main, service);
        spec.ReportUnknown("an InferenceService spec (predictor, transformer, explainer)");
        if (meta is null || main.Revision is null || context.HasErrors)
        {
            return null;
        }

        var rollout = canaries.Count == 0 ? main.Canary : null;
        if (rollout is { } percent)
        {
            context.Warning(
                main.CanaryLine,
                main.CanaryPath,
                $"{percent}% goes to this revision once an earlier revision of {meta.Name} is running, the rest to that one; with no earlier revision here, this one takes all the traffic");
        }

        var revisions = new List<RevisionSpec> { main.Revision with { TrafficPercent = 100 - canaries.Sum(c => c.Revision!.TrafficPercent) } };
        revisions.AddRange(canaries.Select(c => c.Revision!));
        return new InferenceServiceSpec
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Annotations = service.Others,
            Revisions = EquatableList.From(revisions),
            CanaryTrafficPercent = rollout,
            Logger = OneLogger(context, [main, .. canaries]),
        };
    }

    private static PayloadLoggerSpec? OneLogger(SpecDocument context, IReadOnlyList<RevisionRead> revisions)
    {
        var loggers = revisions.SelectMany(r => r.Loggers).ToList();
        foreach (var (_, line, path) in loggers.Skip(1).Where(l => !Equals(l.Logger, loggers[0].Logger)))
        {
            context.Warning(line, path, $"Modelplane logs payloads once per service, at its gateway, with the logger of {loggers[0].Path}; this different one is ignored");
        }

        return loggers.Count == 0 ? null : loggers[0].Logger;
    }

    private static List<RevisionRead> ReadCanaries(YamlMap spec, RevisionRead main, KnativeRead service)
    {
        var items = spec.Maps("canary");
        var canaries = new List<RevisionRead>();
        var names = new HashSet<string>(StringComparer.Ordinal) { "default" };
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var name = item.String("name") ?? (items.Count == 1 ? "canary" : $"canary-{i + 1}");
            if (KubernetesNames.ProblemWithName(name) is { } problem)
            {
                item.Error("name", problem);
            }
            else if (!names.Add(name))
            {
                item.Error("name", $"another revision is already named {name}; give each revision its own name");
            }

            var percent = item.Int("trafficPercent", 0, 100);
            if (percent is null && !item.Has("trafficPercent"))
            {
                item.Missing("trafficPercent", "give this revision's share of the traffic, e.g. trafficPercent: 10");
            }

            var revision = ReadRevision(item, name, service);
            if (revision.Canary is not null)
            {
                item.Document.Error(revision.CanaryLine, revision.CanaryPath, "has no meaning inside spec.canary; the item's trafficPercent sets its share, so remove canaryTrafficPercent");
            }

            item.ReportUnknown("a canary revision (name, trafficPercent, predictor, transformer, explainer)");
            if (revision.Revision is not null && percent is not null)
            {
                canaries.Add(revision with { Revision = revision.Revision with { TrafficPercent = percent.Value } });
            }
        }

        if (items.Count > 0 && main.Canary is not null)
        {
            spec.Document.Error(main.CanaryLine, main.CanaryPath, "cannot be combined with spec.canary; give each canary revision its trafficPercent and remove canaryTrafficPercent");
        }

        var total = canaries.Sum(c => c.Revision!.TrafficPercent);
        if (total > 100)
        {
            spec.Error("canary", $"the canary revisions take {total}% of the traffic, leaving none for the default revision; make their trafficPercent add up to at most 100");
        }

        return canaries;
    }

    private static RevisionRead ReadRevision(YamlMap holder, string name, KnativeRead service)
    {
        var context = holder.Document;
        var predictorMap = holder.Map("predictor");
        if (predictorMap is null && !holder.Has("predictor"))
        {
            holder.Missing("predictor", $"add predictor: {{{ModelField}}}");
        }

        var predictor = predictorMap is null ? null : ReadPredictor(predictorMap, new ComponentScope(context, name, ComponentRole.Predictor), service);
        var transformer = holder.Map("transformer") is { } t ? ReadTransformer(t, new ComponentScope(context, name, ComponentRole.Transformer), service) : null;
        var explainer = holder.Map("explainer") is { } e ? ReadExplainer(e, new ComponentScope(context, name, ComponentRole.Explainer), service) : null;

        // Modelplane splits traffic once per revision, so the components of one revision must agree on the canary share.
        var withCanary = new[] { predictor, transformer, explainer }.Where(c => c?.Extension.CanaryTrafficPercent is not null).Select(c => c!.Extension).ToList();
        foreach (var other in withCanary.Skip(1).Where(c => c.CanaryTrafficPercent != withCanary[0].CanaryTrafficPercent))
        {
            context.Error(other.CanaryLine, other.CanaryPath, $"differs from {withCanary[0].CanaryPath} ({withCanary[0].CanaryTrafficPercent}); a revision takes one share of the traffic, so give the same value or remove this one");
        }

        var loggers = new[] { predictor, transformer, explainer }
            .Where(c => c?.Extension.Logger is not null)
            .Select(c => (c!.Extension.Logger!, c.Extension.LoggerLine, c.Extension.LoggerPath))
            .ToList();
        var revision = predictor is null
            ? null
            : new RevisionSpec { Name = name, Predictor = predictor.Spec, Transformer = transformer?.Spec, Explainer = explainer?.Spec };
        var canary = withCanary.FirstOrDefault();
        return new RevisionRead(revision, canary?.CanaryTrafficPercent, canary?.CanaryLine ?? 0, canary?.CanaryPath ?? string.Empty, loggers);
    }

    private static ComponentRead ReadPredictor(YamlMap predictor, ComponentScope scope, KnativeRead service)
    {
        scope.LocateComponent(predictor);
        var extension = ExtensionFields.ReadKServe(predictor);
        var named = Frameworks.Where(predictor.Has).ToList();
        if (predictor.Has("model"))
        {
            named.Add("model");
        }

        var containers = ContainerReader.ReadPod(predictor);
        var custom = ContainerReader.PickServing(containers, "predictor", serverNamedOtherwise: named.Count > 0);
        if (custom is not null)
        {
            named.Add("containers");
        }

        predictor.Warn("storageUris", "several storage URIs are not supported here; give one storageUri in model");
        predictor.Warn("workerSpec", "multi-node serving is not supported here; the predictor runs as single-node replicas");
        if (named.Count == 0)
        {
            scope.Document.Error(predictor.Line, predictor.Path, $"names no model; add {ModelField}");
        }
        else if (named.Count > 1)
        {
            scope.Document.Error(predictor.Line, predictor.Path, $"gives {string.Join(" and ", named)}; keep exactly one of model, {string.Join(", ", Frameworks)} or containers");
        }

        var component = named.FirstOrDefault() switch
        {
            "model" => ReadModel(predictor.Map("model")!, scope),
            "containers" => ServingComponents.ReadCustom(custom!, scope),
            { } framework => ReadFramework(predictor, framework, scope),
            null => new ComponentSpec(),
        };
        predictor.ReportUnknown("KServe's predictor");
        return Finish(component, extension, predictor, service);
    }

    private static ComponentSpec ReadModel(YamlMap model, ComponentScope scope)
    {
        ModelFormat? format = null;
        if (model.Map("modelFormat") is { } formatMap)
        {
            scope.Locate(SpecField.Format, formatMap, "name");
            var name = formatMap.RequiredString("name", "name the model's format, e.g. name: onnx");
            format = name is null ? null : new ModelFormat(name.ToLowerInvariant(), formatMap.String("version"));
            formatMap.ReportUnknown("modelFormat (name, version)");
        }
        else if (!model.Has("modelFormat"))
        {
            model.Missing("modelFormat", "name the model's format, e.g. modelFormat: {name: onnx}");
        }

        scope.Locate(SpecField.Runtime, model, "runtime");
        var runtime = model.String("runtime");
        var component = ReadPredictorExtension(model, scope, format);
        model.ReportUnknown("the model (modelFormat, runtime, storageUri, runtimeVersion, protocolVersion and container fields)");
        return component with { Model = component.Model! with { Runtime = runtime } };
    }

    private static ComponentSpec ReadFramework(YamlMap predictor, string framework, ComponentScope scope)
    {
        scope.Document.Locate(scope.Revision, scope.Role, SpecField.Format, predictor.Field(framework), predictor.LineOf(framework));
        if (predictor.Map(framework) is not { } map)
        {
            return new ComponentSpec();
        }

        var component = ReadPredictorExtension(map, scope, new ModelFormat(framework));
        if (framework == "pytorch" && map.String("modelClassName") is { } modelClass)
        {
            component = component with { Settings = component.Settings.With("modelClassName", modelClass) };
        }

        map.ReportUnknown($"the {framework} predictor (storageUri, runtimeVersion, protocolVersion and container fields)");
        return component;
    }

    // PredictorExtensionSpec: what model and framework forms share, a Kubernetes container's fields included.
    private static ComponentSpec ReadPredictorExtension(YamlMap map, ComponentScope scope, ModelFormat? format)
    {
        scope.Locate(SpecField.StorageUri, map, "storageUri");
        var model = new ModelSpec
        {
            Format = format,
            StorageUri = map.String("storageUri"),
            RuntimeVersion = map.String("runtimeVersion"),
            Protocol = ServingFields.ReadProtocol(map),
        };
        map.Warn("storage", "storage specs with keys are not supported here; give the model's location as storageUri");
        return new ComponentSpec
        {
            Model = model,
            Container = ContainerReader.ReadContainerFields(map, scope),
            Resources = ContainerReader.ReadResources(map),
        };
    }

    private static ComponentRead ReadTransformer(YamlMap transformer, ComponentScope scope, KnativeRead service)
    {
        scope.LocateComponent(transformer);
        var extension = ExtensionFields.ReadKServe(transformer);
        var serving = ContainerReader.PickServing(ContainerReader.ReadPod(transformer), "transformer", serverNamedOtherwise: false);
        if (serving is null)
        {
            scope.Document.Error(transformer.Line, transformer.Path, "names no container; add containers: [{name: kserve-container, image: IMAGE}], or remove the transformer");
        }

        var component = serving is null ? new ComponentSpec() : ServingComponents.ReadCustom(serving, scope);
        transformer.ReportUnknown("KServe's transformer");
        return Finish(component, extension, transformer, service);
    }

    private static ComponentRead ReadExplainer(YamlMap explainer, ComponentScope scope, KnativeRead service)
    {
        scope.LocateComponent(explainer);
        var extension = ExtensionFields.ReadKServe(explainer);
        var named = Explainers.Where(explainer.Has).ToList();
        var serving = ContainerReader.PickServing(ContainerReader.ReadPod(explainer), "explainer", serverNamedOtherwise: named.Count > 0);
        if (serving is not null)
        {
            named.Add("containers");
        }

        if (named.Count == 0)
        {
            scope.Document.Error(explainer.Line, explainer.Path, "names no explainer; add e.g. alibi: {type: AnchorTabular}, or containers: [{image: IMAGE}]");
        }
        else if (named.Count > 1)
        {
            scope.Document.Error(explainer.Line, explainer.Path, $"gives {string.Join(" and ", named)}; keep exactly one of {string.Join(", ", Explainers)} or containers");
        }

        var component = named.FirstOrDefault() switch
        {
            "containers" => ServingComponents.ReadCustom(serving!, scope),
            { } method => ServingComponents.ReadExplainerMethod(explainer.Map(method), method, scope),
            null => new ComponentSpec(),
        };
        explainer.ReportUnknown("KServe's explainer");
        return Finish(component, extension, explainer, service);
    }

    // The component's own Knative autoscaling annotations belong to its scaling, not to its annotations.
    private static ComponentRead Finish(ComponentSpec component, ExtensionFields extension, YamlMap map, KnativeRead service)
    {
        var applied = extension.ApplyTo(component);
        var own = KnativeAutoscaling.Read(applied.Scaling, applied.Annotations, map.Entries("annotations"), map.Document, service: false);
        var scaling = KnativeAutoscaling.Complete(own, service, applied.ContainerConcurrency, map);
        return new ComponentRead(applied with { Scaling = scaling, Annotations = own.Others }, extension);
    }

    private sealed record RevisionRead(
        RevisionSpec? Revision,
        int? Canary,
        int CanaryLine,
        string CanaryPath,
        IReadOnlyList<(PayloadLoggerSpec Logger, int Line, string Path)> Loggers);
}
