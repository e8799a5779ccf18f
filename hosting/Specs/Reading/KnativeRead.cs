namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// Knative's autoscaling annotations of one object or component as read: the scaling they give, the other annotations,
/// and where each annotation that set a value of the scaling is written, for checks that need the whole service.
/// </summary>
internal sealed record KnativeRead(ScalingSpec Scaling, EquatableDictionary Others, IReadOnlyDictionary<string, WrittenEntry> Applied)
{
    /// <summary>Nothing read: the scaling of a KServe object without annotations.</summary>
    public static KnativeRead None { get; } = new(new ScalingSpec(), EquatableDictionary.Empty, new Dictionary<string, WrittenEntry>());
}
