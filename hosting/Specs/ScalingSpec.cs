namespace Modelplane.Hosting.Specs;

/// <summary>How many replicas a component runs and what drives the autoscaler between them.</summary>
public sealed record ScalingSpec
{
    /// <summary>The fewest replicas; 0 lets the component scale to zero.</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>The most replicas; null when the spec sets no bound.</summary>
    public int? MaxReplicas { get; init; }

    /// <summary>The replicas to start with (KubeDL's <c>replicas</c>); null for <see cref="MinReplicas"/>, or one when that is zero.</summary>
    public int? InitialReplicas { get; init; }

    /// <summary>The per-replica value of <see cref="Metric"/> the autoscaler aims at; null for its default.</summary>
    public int? Target { get; init; }

    public ScaleMetric? Metric { get; init; }

    /// <summary>The share of <see cref="Target"/> to aim at before adding replicas (Knative's target utilization), in percent.</summary>
    public int? TargetUtilizationPercent { get; init; }

    /// <summary>The period the autoscaler averages the metric over (Knative's stable window).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Knative's panic window, in percent of <see cref="Window"/>.</summary>
    public int? PanicWindowPercent { get; init; }

    /// <summary>Knative's panic threshold, in percent of <see cref="Target"/>.</summary>
    public int? PanicThresholdPercent { get; init; }

    /// <summary>The autoscaler the spec asks for on a cluster; null for the platform's default.</summary>
    public AutoscalerClass? Autoscaler { get; init; }

    public bool ScaleToZero => MinReplicas == 0;
}
