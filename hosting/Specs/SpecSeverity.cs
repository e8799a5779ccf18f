namespace Modelplane.Hosting.Specs;

/// <summary>How much a spec diagnostic matters: an error stops the spec, a warning flags something ignored or doubtful, a note informs.</summary>
public enum SpecSeverity
{
    Error,
    Warning,
    Note,
}
