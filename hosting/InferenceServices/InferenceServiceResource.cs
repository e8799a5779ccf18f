using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// An InferenceService: its spec (from the C# builder or a YAML file) and, once the graph is complete, the components it
/// expands into, one per revision and role (<c>sklearn-iris-predictor-default</c>), as KServe's controller expands one
/// into Deployments. In the dashboard it shows whether it serves, its URL, its revisions and their traffic.
/// </summary>
public sealed class InferenceServiceResource : Resource
{
    private readonly List<ComponentResource> _components = [];

    /// <summary>Creates the resource of <paramref name="spec"/>; its name must be one Kubernetes takes.</summary>
    public InferenceServiceResource(InferenceServiceSpec spec)
        : base(Checked(spec).Name) => Spec = spec;

    /// <summary>What the service is; the builder's <c>WithX()</c> calls replace it until the graph is complete.</summary>
    public InferenceServiceSpec Spec { get; internal set; }

    /// <summary>The store its models come from, when the AppHost says so (<c>WithReference(store)</c>).</summary>
    public ModelStoreResource? Store { get; internal set; }

    /// <summary>The components that serve it, once the graph is complete.</summary>
    public IReadOnlyList<ComponentResource> Components => _components;

    /// <summary>The model name requests use: the predictor's, else the service's.</summary>
    public string ModelName => Spec.Revisions.Select(r => r.Predictor.Model?.Name).FirstOrDefault(n => n is not null) ?? Spec.Name;

    /// <summary>The component of a revision and role, or null.</summary>
    public ComponentResource? Component(string revision, ComponentRole role) =>
        _components.FirstOrDefault(c => c.Revision.Name == revision && c.Role == role);

    /// <summary>The components a run that follows the service's spec file gives it for its next revision.</summary>
    internal IReadOnlyList<ComponentPlan>? StandbyPlans { get; set; }

    internal void AddComponent(ComponentResource component) => _components.Add(component);

    private static InferenceServiceSpec Checked(InferenceServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ResourceNames.ThrowIfInvalid(spec.Name);
        return spec;
    }
}
