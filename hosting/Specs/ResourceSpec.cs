namespace Modelplane.Hosting.Specs;

/// <summary>CPU, memory and GPUs a component's replicas request and may use, as Kubernetes quantities (<c>500m</c>, <c>2Gi</c>).</summary>
public sealed record ResourceSpec
{
    public string? CpuRequest { get; init; }

    public string? CpuLimit { get; init; }

    public string? MemoryRequest { get; init; }

    public string? MemoryLimit { get; init; }

    /// <summary>GPUs per replica (<c>nvidia.com/gpu</c>); null for none.</summary>
    public int? Gpus { get; init; }
}
