namespace Modelplane.Hosting.Specs.Placement;

/// <summary>
/// What of a spec runs on this machine and how, or why it cannot: the revisions whose every component can run, and the
/// diagnostics (errors name the field to change and how).
/// </summary>
public sealed record PlacementPlan(InferenceServiceSpec Service, EquatableList<PlannedRevision> Revisions, EquatableList<SpecDiagnostic> Diagnostics)
{
    /// <summary>True when every revision can run here.</summary>
    public bool CanRun => !Diagnostics.Any(d => d.IsError);
}
