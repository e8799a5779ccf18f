using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// An InferenceService: its spec (from the C# builder or a YAML file) and, once the graph is built, the component
/// resources it expands into, one per revision and component (<c>sklearn-iris-predictor-default</c>).
/// </summary>
public sealed class InferenceServiceResource(InferenceServiceSpec spec) : Resource(spec.Name)
{
    private readonly List<ComponentResource> _components = [];

    /// <summary>What the service is; the builder's <c>WithX()</c> calls replace it until the graph is built.</summary>
    public InferenceServiceSpec Spec { get; internal set; } = spec;

    /// <summary>The processes that serve it, once the graph is built.</summary>
    public IReadOnlyList<ComponentResource> Components => _components;

    /// <summary>The model name requests use: the predictor's, else the service's.</summary>
    public string ModelName => Spec.Revisions.Select(r => r.Predictor.Model?.Name).FirstOrDefault(n => n is not null) ?? Spec.Name;

    /// <summary>The component resource of a revision and role, or null.</summary>
    public ComponentResource? Component(string revision, ComponentRole role) =>
        _components.FirstOrDefault(c => c.Revision.Name == revision && c.Role == role);

    internal void AddComponent(ComponentResource component) => _components.Add(component);
}
