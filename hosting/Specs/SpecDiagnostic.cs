namespace Modelplane.Hosting.Specs;

/// <summary>
/// One finding about a spec, rendered <c>file:line: field: what is wrong and how to fix it</c>; warnings and notes say so
/// after the location, as compilers do.
/// </summary>
public sealed record SpecDiagnostic(SpecSeverity Severity, string File, int Line, string Field, string Message)
{
    public bool IsError => Severity == SpecSeverity.Error;

    public override string ToString()
    {
        var location = File.Length == 0 ? string.Empty : Line > 0 ? $"{File}:{Line}: " : $"{File}: ";
        var severity = Severity switch
        {
            SpecSeverity.Warning => "warning: ",
            SpecSeverity.Note => "note: ",
            _ => string.Empty,
        };
        return $"{location}{severity}{Field}: {Message}";
    }
}
