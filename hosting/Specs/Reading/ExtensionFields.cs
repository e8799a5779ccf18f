namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// KServe's component extension fields as one component gives them: replicas and autoscaling, concurrency, timeout,
/// batcher, logger, canary share, labels and annotations.
/// </summary>
internal sealed record ExtensionFields(
    ScalingSpec Scaling,
    int? ContainerConcurrency,
    TimeSpan? Timeout,
    BatchingSpec? Batching,
    PayloadLoggerSpec? Logger,
    int LoggerLine,
    string LoggerPath,
    int? CanaryTrafficPercent,
    int CanaryLine,
    string CanaryPath,
    EquatableDictionary Labels,
    EquatableDictionary Annotations)
{
    /// <summary>Reads KServe v1beta1's extension fields of <paramref name="component"/>.</summary>
    public static ExtensionFields ReadKServe(YamlMap component)
    {
        var scaling = ReadReplicas(component, "minReplicas", "maxReplicas") with
        {
            Target = component.Int("scaleTarget", 1),
            Metric = ServingFields.ReadMetric(component, "scaleMetric"),
        };

        // With cpu, KServe's target is the HPA's utilization percentage, which its webhook bounds.
        if (scaling is { Metric: ScaleMetric.Cpu, Target: > 100 and var utilization })
        {
            component.Error("scaleTarget", $"{utilization} is more than 100: with scaleMetric cpu the target is a CPU utilization percentage, which KServe takes from 1 to 100; write e.g. scaleTarget: 80");
        }

        var timeout = component.Int("timeout", 1);
        component.Note("deploymentStrategy", "has no effect here: Modelplane replaces a local revision's processes itself; it is not published");
        return new ExtensionFields(
            scaling,
            component.Int("containerConcurrency"),
            timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ServingFields.ReadBatcher(component),
            ServingFields.ReadLogger(component),
            component.LineOf("logger"),
            component.Field("logger"),
            component.Int("canaryTrafficPercent", 0, 100),
            component.LineOf("canaryTrafficPercent"),
            component.Field("canaryTrafficPercent"),
            component.StringMap("labels"),
            component.StringMap("annotations"));
    }

    /// <summary>Reads KFServing v1alpha2's deployment fields of <paramref name="component"/> (<c>parallelism</c> is its container concurrency).</summary>
    public static ExtensionFields ReadKfServing(YamlMap component, bool batcherAllowed) =>
        new(
            ReadReplicas(component, "minReplicas", "maxReplicas"),
            component.Int("parallelism"),
            null,
            batcherAllowed ? ServingFields.ReadBatcher(component) : null,
            ServingFields.ReadLogger(component),
            component.LineOf("logger"),
            component.Field("logger"),
            null,
            0,
            string.Empty,
            EquatableDictionary.Empty,
            EquatableDictionary.Empty);

    /// <summary>Minimum and maximum replicas, KServe's way: minimum 1 by default, a maximum of 0 for none.</summary>
    public static ScalingSpec ReadReplicas(YamlMap component, string minKey, string maxKey)
    {
        var min = component.Int(minKey);
        var max = component.Int(maxKey);
        if (min is { } low && max is { } high && high > 0 && low > high)
        {
            component.Error(minKey, $"{low} is more than {maxKey} {high}; lower {minKey} or raise {maxKey}");
        }

        return new ScalingSpec { MinReplicas = min ?? 1, MaxReplicas = max is > 0 ? max : null };
    }

    /// <summary>Applies these fields to <paramref name="component"/>.</summary>
    public ComponentSpec ApplyTo(ComponentSpec component) => component with
    {
        Scaling = Scaling,
        ContainerConcurrency = ContainerConcurrency,
        Timeout = Timeout,
        Batching = Batching,
        Labels = Labels,
        Annotations = Annotations,
    };
}
