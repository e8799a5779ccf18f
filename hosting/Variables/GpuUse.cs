using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Variables;

/// <summary>
/// A process that runs on GPUs: the devices it is to see (<c>CUDA_VISIBLE_DEVICES</c>), or none to name where its
/// container is given its GPUs (Kubernetes' device plugin).
/// </summary>
internal sealed record GpuUse(EquatableList<string> Devices)
{
    /// <summary>GPUs a cluster gives the container, which then sees only those.</summary>
    public static GpuUse Given { get; } = new(EquatableList<string>.Empty);
}
