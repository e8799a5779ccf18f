namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// ElasticServing's <c>elasticserving.paddlepaddle.org/v1</c> PaddleService: <c>default</c> and <c>canary</c> endpoints
/// (an image, tag, port and argument line), <c>canaryTrafficPercent</c>, shared resources, and Knative autoscaling
/// under <c>service</c>. Absent autoscaling fields take the values ElasticServing's controller writes.
/// </summary>
internal sealed class PaddleServiceReader : ISpecDialect
{
    // ElasticServing's controller defaults (pkg/constants): what a PaddleService gets when it leaves a field out.
    private const int DefaultMinScale = 1;
    private const int DefaultMaxScale = 10;
    private const int DefaultTarget = 100;
    private const int DefaultTargetUtilization = 70;
    private const int DefaultPanicWindow = 10;
    private const int DefaultPanicThreshold = 200;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    private static readonly (string Text, AutoscalerClass Value)[] Autoscalers =
    [
        ("kpa", AutoscalerClass.Kpa), ("hpa", AutoscalerClass.Hpa),
        ("kpa.autoscaling.knative.dev", AutoscalerClass.Kpa), ("hpa.autoscaling.knative.dev", AutoscalerClass.Hpa),
    ];

    private static readonly (string Text, ScaleMetric Value)[] Metrics =
        [("concurrency", ScaleMetric.Concurrency), ("rps", ScaleMetric.Rps), ("cpu", ScaleMetric.Cpu)];

    public string ApiGroup => "elasticserving.paddlepaddle.org";

    public string Kind => "PaddleService";

    public IReadOnlyList<string> Versions { get; } = ["v1"];

    public InferenceServiceSpec? Read(YamlMap document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = document.Document;
        var meta = ObjectMeta.Read(document, "paddleservice-sample");
        var spec = document.ObjectSpec("a PaddleService", "add spec: {default: {containerImage: IMAGE, tag: TAG, port: 9292}}");
        if (spec is null)
        {
            return null;
        }

        var runtimeVersion = spec.String("runtimeVersion");
        var resources = ContainerReader.ReadResources(spec);
        var scaling = ReadService(spec);
        var defaultMap = spec.Map("default");
        if (defaultMap is null && !spec.Has("default"))
        {
            spec.Missing("default", "add default: {containerImage: IMAGE, tag: TAG, port: 9292}");
        }

        var canaryMap = spec.Map("canary");
        var share = TrafficSplit.CanaryShare(spec, canaryMap is not null);
        var main = defaultMap is null ? null : ReadEndpoint(defaultMap, "default", runtimeVersion, resources, scaling);
        var canary = canaryMap is null ? null : ReadEndpoint(canaryMap, "canary", runtimeVersion, resources, scaling);
        spec.ReportUnknown("a PaddleService spec (runtimeVersion, resources, default, canary, canaryTrafficPercent, service)");
        if (meta is null || main is null || context.HasErrors)
        {
            return null;
        }

        return new InferenceServiceSpec
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Labels = meta.Labels,
            Annotations = meta.Annotations,
            Revisions = canary is null ? [main] : [main with { TrafficPercent = 100 - share }, canary with { TrafficPercent = share }],
        };
    }

    private static RevisionSpec ReadEndpoint(YamlMap endpoint, string name, string? runtimeVersion, ResourceSpec resources, ScalingSpec scaling)
    {
        var scope = new ComponentScope(endpoint.Document, name, ComponentRole.Predictor);
        scope.LocateComponent(endpoint);
        scope.Locate(SpecField.Image, endpoint, "containerImage");
        scope.Locate(SpecField.Args, endpoint, "arg");
        var image = endpoint.RequiredString("containerImage", "give the serving image, e.g. containerImage: IMAGE");
        var tag = endpoint.RequiredString("tag", "give the image's tag, e.g. tag: latest");
        var port = endpoint.Int("port", 1, 65535);
        if (port is null && !endpoint.Has("port"))
        {
            endpoint.Missing("port", "give the port the server listens on, e.g. port: 9292");
        }

        // The argument line runs through the image's entrypoint; it is kept whole, as one argument.
        var arg = endpoint.String("arg");
        endpoint.ReportUnknown("an endpoint (containerImage, tag, port, arg)");
        var predictor = new ComponentSpec
        {
            Model = new ModelSpec { Format = new ModelFormat("paddle"), RuntimeVersion = runtimeVersion },
            Container = new ContainerSpec
            {
                Image = image is null ? null : $"{image}:{tag}",
                Args = arg is null ? [] : [arg],
                Port = port,
            },
            Scaling = scaling,

            // ElasticServing makes the autoscaling target the hard per-replica limit too.
            ContainerConcurrency = scaling.Target,
            Timeout = DefaultTimeout,
            Resources = resources,
        };
        return new RevisionSpec { Name = name, Predictor = predictor };
    }

    // ElasticServing's controller writes these fields into Knative's autoscaling annotations, so they are checked as
    // Knative checks those; its CRD types the percentages and the window as text, passed on unchanged.
    private static ScalingSpec ReadService(YamlMap spec)
    {
        var service = spec.Map("service");
        if (service is null)
        {
            return Defaults(DefaultMinScale, DefaultMaxScale, null);
        }

        var min = service.Int("minScale") ?? DefaultMinScale;
        var maxScale = service.Int("maxScale");

        // ElasticServing writes its default where maxScale is 0, so 0 does not mean "no limit" here as it does in Knative.
        var max = maxScale is null or 0 ? DefaultMaxScale : maxScale.Value;
        if (min > max)
        {
            var why = maxScale is null or 0 ? $" (ElasticServing's default when maxScale is {(maxScale is null ? "absent" : "0")})" : string.Empty;
            service.Error("minScale", $"{min} is more than maxScale {max}{why}; lower minScale or raise maxScale");
        }

        var target = service.Int("target");
        var autoscaler = service.Choice("autoscaler", Autoscalers) ?? AutoscalerClass.Kpa;
        var metric = service.Choice("metric", Metrics) ?? ScaleMetric.Concurrency;
        if (metric == ScaleMetric.Cpu && autoscaler == AutoscalerClass.Kpa)
        {
            service.Error("metric", "cpu is measured by Kubernetes' HPA, which Knative uses only with the hpa autoscaler; write metric: concurrency or rps, or autoscaler: hpa.autoscaling.knative.dev");
        }

        var window = Checked(service, "window", (check, text) => check.Duration(text, KnativeValue.WindowMin, KnativeValue.WindowMax, wholeSeconds: true, "the stable window", "60s"));
        var scaling = Defaults(min, max, window) with
        {
            Autoscaler = autoscaler,
            Metric = metric,
            Target = target is null or 0 ? DefaultTarget : target,
            TargetUtilizationPercent = Checked(service, "targetUtilization", (check, text) => check.Percent(text, 1, 100, "the target utilization", DefaultTargetUtilization)) ?? DefaultTargetUtilization,
            PanicWindowPercent = Checked(service, "panicWindow", (check, text) => check.Percent(text, 1, 100, "the panic window, in percent of the stable window", DefaultPanicWindow)) ?? DefaultPanicWindow,
            PanicThresholdPercent = Checked(service, "panicThreshold", (check, text) => check.Percent(text, 110, 1000, "the panic threshold, in percent of the target", DefaultPanicThreshold)) ?? DefaultPanicThreshold,
        };
        service.ReportUnknown("service (autoscaler, metric, window, panicWindow, panicThreshold, minScale, maxScale, target, targetUtilization)");
        return scaling;
    }

    // A text field of service read by its Knative check; null when absent or refused. An unquoted number is taken too.
    private static T? Checked<T>(YamlMap service, string key, Func<KnativeValue, string, T?> read)
        where T : struct =>
        service.String(key) is { } text ? read(new KnativeValue(service.Document, service.LineOf(key), service.Field(key), value => $"{key}: {value}"), text) : null;

    private static ScalingSpec Defaults(int min, int max, TimeSpan? window) => new()
    {
        MinReplicas = min,
        MaxReplicas = max,
        Autoscaler = AutoscalerClass.Kpa,
        Metric = ScaleMetric.Concurrency,
        Target = DefaultTarget,
        TargetUtilizationPercent = DefaultTargetUtilization,
        Window = window ?? DefaultWindow,
        PanicWindowPercent = DefaultPanicWindow,
        PanicThresholdPercent = DefaultPanicThreshold,
    };
}
