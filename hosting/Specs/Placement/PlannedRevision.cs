namespace Modelplane.Hosting.Specs.Placement;

/// <summary>One revision as it runs here: its share of the traffic and one process set per component.</summary>
public sealed record PlannedRevision(string Name, int TrafficPercent, PlannedComponent Predictor, PlannedComponent? Transformer, PlannedComponent? Explainer);
