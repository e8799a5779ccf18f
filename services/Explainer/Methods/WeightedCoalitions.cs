namespace Modelplane.Explainer.Methods;

/// <summary>Kernel SHAP's coalitions and their weights; <see cref="Complete"/> when every coalition is there, so the answer is exact.</summary>
internal sealed record WeightedCoalitions(IReadOnlyList<bool[]> Coalitions, IReadOnlyList<double> Weights, bool Complete);
