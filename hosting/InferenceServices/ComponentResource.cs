using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>One component of one revision of an InferenceService, run as Modelplane's predictor, transformer or explainer.</summary>
public sealed class ComponentResource(string name, IProjectMetadata project, InferenceServiceResource service, RevisionSpec revision, ComponentRole role, ComponentSpec spec)
    : ProjectResource(name, project)
{
    /// <summary>The service it belongs to.</summary>
    public InferenceServiceResource Service { get; } = service;

    /// <summary>The revision it serves.</summary>
    public RevisionSpec Revision { get; } = revision;

    /// <summary>What it does in the revision.</summary>
    public ComponentRole Role { get; } = role;

    /// <summary>Its part of the spec.</summary>
    public ComponentSpec Spec { get; } = spec;

    /// <summary>The resource name of a component: <c>{service}-{role}-{revision}</c>, as KServe names a revision's deployment.</summary>
    public static string NameOf(string service, ComponentRole role, string revision) => $"{service}-{role.ToString().ToLowerInvariant()}-{revision}";
}
