using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>Everything a component is made of, as the expansion of its service works it out.</summary>
internal sealed record ComponentPlan(
    InferenceServiceResource Service,
    RevisionSpec Revision,
    ComponentRole Role,
    ComponentSpec Spec,
    ServiceProject Project,
    string ModelName,
    string? StorageUri,
    ModelStoreResource? Store,
    ComponentResource? Predictor,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    ReplicaCount Replicas);
