namespace Modelplane.Hosting.Specs;

/// <summary>What reading spec files gave: the specs that read without errors, and every diagnostic in file and line order.</summary>
public sealed record SpecReadResult(EquatableList<InferenceServiceSpec> Specs, EquatableList<SpecDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public IEnumerable<SpecDiagnostic> Errors => Diagnostics.Where(d => d.Severity == SpecSeverity.Error);
}
