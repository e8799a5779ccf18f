namespace Modelplane.Gateway.Autoscaling;

/// <summary>
/// The counters of a revision's components, found once per route table and kept on its
/// <see cref="Routing.CompiledRevision"/>, so a request reaches its counters without a lookup.
/// </summary>
internal sealed class RevisionLoad(ComponentCounters? predictor, ComponentCounters? transformer, ComponentCounters? explainer)
{
    /// <summary>The counters of a component the revision has, in the route table's order.</summary>
    public IEnumerable<ComponentCounters> Components =>
        new[] { predictor, transformer, explainer }.OfType<ComponentCounters>();

    /// <summary>The counters of <paramref name="component"/>, or null when the revision has no such component.</summary>
    public ComponentCounters? For(string component) => component switch
    {
        ComponentLoad.Transformer => transformer,
        ComponentLoad.Explainer => explainer,
        _ => predictor,
    };
}
