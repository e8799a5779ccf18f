namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// KFServing's <c>serving.kubeflow.org/v1alpha2</c> InferenceService: <c>default</c> and <c>canary</c> endpoints, each
/// with a predictor (a framework such as <c>tensorflow:</c>, or <c>custom</c>), a transformer and an explainer, and
/// <c>canaryTrafficPercent</c> for the canary's share.
/// </summary>
internal sealed class KfServingReader : ISpecDialect
{
    private static readonly string[] Frameworks = ["tensorflow", "sklearn", "xgboost", "pytorch", "onnx", "triton", "tensorrt", "pmml", "lightgbm"];

    private static readonly string[] Explainers = ["alibi", "aix"];

    public string ApiGroup => "serving.kubeflow.org";

    public string Kind => "InferenceService";

    public IReadOnlyList<string> Versions { get; } = ["v1alpha2"];

    public InferenceServiceSpec? Read(YamlMap document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = document.Document;
        var meta = ObjectMeta.Read(document, "flowers-sample");
        var spec = document.ObjectSpec("an InferenceService", "add spec: {default: {predictor: {onnx: {storageUri: s3://models/NAME}}}}");
        if (spec is null)
        {
            return null;
        }

        var defaultMap = spec.Map("default");
        if (defaultMap is null && !spec.Has("default"))
        {
            spec.Missing("default", "add default: {predictor: {onnx: {storageUri: s3://models/NAME}}}");
        }

        var main = defaultMap is null ? null : ReadEndpoint(defaultMap, "default");
        var canary = spec.Map("canary") is { } canaryMap ? ReadEndpoint(canaryMap, "canary") : null;
        var share = TrafficSplit.CanaryShare(spec, canary is not null);
        spec.ReportUnknown("an InferenceService spec (default, canary, canaryTrafficPercent)");
        if (meta is null || main?.Revision is null || context.HasErrors)
        {
            return null;
        }

        var loggers = new[] { main, canary }.Where(e => e is not null).SelectMany(e => e!.Loggers).ToList();
        return new InferenceServiceSpec
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Annotations = meta.Annotations,
            Revisions = canary?.Revision is null
                ? [main.Revision]
                : [main.Revision with { TrafficPercent = 100 - share }, canary.Revision with { TrafficPercent = share }],
            Logger = loggers.FirstOrDefault(),
        };
    }

    private static EndpointRead ReadEndpoint(YamlMap endpoint, string name)
    {
        var context = endpoint.Document;
        var predictorMap = endpoint.Map("predictor");
        if (predictorMap is null && !endpoint.Has("predictor"))
        {
            endpoint.Missing("predictor", "add predictor: {onnx: {storageUri: s3://models/NAME}}");
        }

        var predictor = predictorMap is null ? null : ReadPredictor(predictorMap, new ComponentScope(context, name, ComponentRole.Predictor));
        var transformer = endpoint.Map("transformer") is { } t ? ReadTransformer(t, new ComponentScope(context, name, ComponentRole.Transformer)) : null;
        var explainer = endpoint.Map("explainer") is { } e ? ReadExplainer(e, new ComponentScope(context, name, ComponentRole.Explainer)) : null;
        endpoint.ReportUnknown("an endpoint (predictor, transformer, explainer)");
        var loggers = new[] { predictor, transformer, explainer }.Select(c => c?.Extension.Logger).OfType<PayloadLoggerSpec>().ToList();
        return new EndpointRead(
            predictor is null ? null : new RevisionSpec { Name = name, Predictor = predictor.Spec, Transformer = transformer?.Spec, Explainer = explainer?.Spec },
            loggers);
    }

    private static ComponentRead ReadPredictor(YamlMap predictor, ComponentScope scope)
    {
        scope.LocateComponent(predictor);
        var extension = ExtensionFields.ReadKfServing(predictor, batcherAllowed: true);
        predictor.Note("serviceAccountName", "has no effect when Modelplane runs the component locally, and is not published");
        var named = Frameworks.Where(predictor.Has).ToList();
        if (predictor.Has("custom"))
        {
            named.Add("custom");
        }

        if (named.Count == 0)
        {
            scope.Document.Error(predictor.Line, predictor.Path, "names no model; add onnx: {storageUri: s3://models/NAME}");
        }
        else if (named.Count > 1)
        {
            scope.Document.Error(predictor.Line, predictor.Path, $"gives {string.Join(" and ", named)}; keep exactly one of {string.Join(", ", Frameworks)} or custom");
        }

        var component = named.FirstOrDefault() switch
        {
            "custom" => ReadCustom(predictor, scope),
            { } framework => ReadFramework(predictor, framework, scope),
            null => new ComponentSpec(),
        };
        predictor.ReportUnknown("KFServing's predictor");
        return new ComponentRead(extension.ApplyTo(component), extension);
    }

    private static ComponentSpec ReadFramework(YamlMap predictor, string framework, ComponentScope scope)
    {
        scope.Document.Locate(scope.Revision, scope.Role, SpecField.Format, predictor.Field(framework), predictor.LineOf(framework));
        if (predictor.Map(framework) is not { } map)
        {
            return new ComponentSpec();
        }

        scope.Locate(SpecField.StorageUri, map, "storageUri");
        var storageUri = map.RequiredString("storageUri", "give the model's location, e.g. storageUri: s3://models/NAME");
        var settings = framework == "pytorch" && map.String("modelClassName") is { } modelClass
            ? EquatableDictionary.Empty.With("modelClassName", modelClass)
            : EquatableDictionary.Empty;
        var component = new ComponentSpec
        {
            Model = new ModelSpec { Format = new ModelFormat(framework), StorageUri = storageUri, RuntimeVersion = map.String("runtimeVersion") },
            Resources = ContainerReader.ReadResources(map),
            Settings = settings,
        };
        map.ReportUnknown($"the {framework} predictor (storageUri, runtimeVersion, resources)");
        return component;
    }

    private static ComponentSpec ReadCustom(YamlMap component, ComponentScope scope)
    {
        if (component.Map("custom") is not { } custom)
        {
            return new ComponentSpec();
        }

        var container = custom.Map("container");
        if (container is null && !custom.Has("container"))
        {
            custom.Missing("container", "give the container to run, e.g. container: {image: IMAGE}");
        }

        custom.ReportUnknown("custom (container)");
        return container is null ? new ComponentSpec() : ServingComponents.ReadCustom(container, scope);
    }

    private static ComponentRead ReadTransformer(YamlMap transformer, ComponentScope scope)
    {
        scope.LocateComponent(transformer);
        var extension = ExtensionFields.ReadKfServing(transformer, batcherAllowed: false);
        transformer.Note("serviceAccountName", "has no effect when Modelplane runs the component locally, and is not published");
        if (!transformer.Has("custom"))
        {
            transformer.Missing("custom", "give the transformer's container, e.g. custom: {container: {image: IMAGE}}");
        }

        var component = ReadCustom(transformer, scope);
        transformer.ReportUnknown("KFServing's transformer");
        return new ComponentRead(extension.ApplyTo(component), extension);
    }

    private static ComponentRead ReadExplainer(YamlMap explainer, ComponentScope scope)
    {
        scope.LocateComponent(explainer);
        var extension = ExtensionFields.ReadKfServing(explainer, batcherAllowed: false);
        explainer.Note("serviceAccountName", "has no effect when Modelplane runs the component locally, and is not published");
        var named = Explainers.Where(explainer.Has).ToList();
        if (explainer.Has("custom"))
        {
            named.Add("custom");
        }

        if (named.Count == 0)
        {
            scope.Document.Error(explainer.Line, explainer.Path, "names no explainer; add e.g. alibi: {type: AnchorTabular}");
        }
        else if (named.Count > 1)
        {
            scope.Document.Error(explainer.Line, explainer.Path, $"gives {string.Join(" and ", named)}; keep exactly one of {string.Join(", ", Explainers)} or custom");
        }

        var component = named.FirstOrDefault() switch
        {
            "custom" => ReadCustom(explainer, scope),
            { } method => ServingComponents.ReadExplainerMethod(explainer.Map(method), method, scope),
            null => new ComponentSpec(),
        };
        explainer.ReportUnknown("KFServing's explainer");
        return new ComponentRead(extension.ApplyTo(component), extension);
    }

    private sealed record EndpointRead(RevisionSpec? Revision, IReadOnlyList<PayloadLoggerSpec> Loggers);
}
