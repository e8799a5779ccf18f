namespace Modelplane.Hosting.Specs;

/// <summary>What the autoscaler watches, as KServe's <c>scaleMetric</c>.</summary>
public enum ScaleMetric
{
    Concurrency,
    Rps,
    Cpu,
    Memory,
}
