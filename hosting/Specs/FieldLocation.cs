namespace Modelplane.Hosting.Specs;

/// <summary>Where one field of the normalized spec came from: its path in the spec's dialect (<c>spec.predictor.model.storageUri</c>) and its line.</summary>
public sealed record FieldLocation(string? Revision, ComponentRole? Role, SpecField Field, string Path, int Line)
{
    internal bool Matches(string? revision, ComponentRole? role, SpecField field) =>
        Field == field && Role == role && string.Equals(Revision, revision, StringComparison.Ordinal);
}
