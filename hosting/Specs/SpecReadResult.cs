namespace Modelplane.Hosting.Specs;

/// <summary>What reading spec files gave: the specs (and InferenceGraphs) that read without errors, and every diagnostic in file and line order.</summary>
public sealed record SpecReadResult(EquatableList<InferenceServiceSpec> Specs, EquatableList<SpecDiagnostic> Diagnostics)
{
    /// <summary>The InferenceGraphs that read without errors.</summary>
    public EquatableList<InferenceGraphSpec> Graphs { get; init; } = [];

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public IEnumerable<SpecDiagnostic> Errors => Diagnostics.Where(d => d.Severity == SpecSeverity.Error);
}
