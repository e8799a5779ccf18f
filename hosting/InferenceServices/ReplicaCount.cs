namespace Modelplane.Hosting.InferenceServices;

/// <summary>How many processes run a component: at least <see cref="Min"/>, at most <see cref="Max"/>, <see cref="Initial"/> at start.</summary>
/// <param name="Min">Replicas at least; 0 lets the component scale to zero.</param>
/// <param name="Max">Replicas at most.</param>
/// <param name="Initial">Replicas a local run starts: the minimum, and one for a component that may scale to zero.</param>
public sealed record ReplicaCount(int Min, int Max, int Initial);
