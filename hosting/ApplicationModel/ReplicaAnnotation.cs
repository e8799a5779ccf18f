namespace Modelplane.Hosting.ApplicationModel;

/// <summary>How many processes run the resource: a fixed count, or a range the autoscaler moves within.</summary>
/// <param name="Min">Replicas at least (and at start); 0 lets the resource scale to zero.</param>
/// <param name="Max">Replicas at most.</param>
public sealed record ReplicaAnnotation(int Min, int Max) : IResourceAnnotation
{
    /// <summary>The count started locally: the minimum, and one for a resource that may scale to zero.</summary>
    public int Initial => Math.Max(Min, 1);
}
