namespace Modelplane.Hosting.Gpus;

/// <summary>A component's replicas that ask for GPUs: how many replicas, and how many GPUs each.</summary>
internal sealed record GpuAsk(string Component, int Replicas, int GpusPerReplica);
