using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Processes;

/// <summary>One process of a component in a local run (<c>sklearn-iris-predictor-default-0</c>): what a pod is to KServe.</summary>
public sealed class ReplicaResource(string name, ComponentResource component, int index, LocalEndpoints endpoints)
    : ProjectResource(name), IServiceProcess
{
    /// <summary>The component it runs.</summary>
    public ComponentResource Component { get; } = component;

    /// <summary>Its number in the component, from 0.</summary>
    public int Index { get; } = index;

    /// <inheritdoc />
    public LocalEndpoints Endpoints { get; } = endpoints;

    /// <inheritdoc />
    public string ReadinessPath => ServicePorts.ReadyPath;

    /// <inheritdoc />
    public string? Instance { get; internal set; }

    /// <summary>The GPUs it sees (<c>CUDA_VISIBLE_DEVICES</c>), when its predictor runs on GPUs here; null on the CPU.</summary>
    public EquatableList<string>? Gpus { get; internal set; }
}
