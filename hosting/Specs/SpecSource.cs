namespace Modelplane.Hosting.Specs;

/// <summary>Where a spec was read from: the file, the line its document starts on, its dialect, and where its fields are.</summary>
public sealed record SpecSource(string File, int Line, string ApiVersion, string Kind)
{
    /// <summary>The fields later steps may have to point at, with their paths in the spec's own dialect and their lines.</summary>
    public EquatableList<FieldLocation> Fields { get; init; } = [];

    /// <summary>
    /// Where <paramref name="field"/> of a component is written; else where the component is; else where the document starts.
    /// Service-level fields are found with a null <paramref name="revision"/> and <paramref name="role"/>.
    /// </summary>
    public FieldLocation Locate(string? revision, ComponentRole? role, SpecField field) =>
        Fields.FirstOrDefault(f => f.Matches(revision, role, field))
        ?? Fields.FirstOrDefault(f => f.Matches(revision, role, SpecField.Component))
        ?? new FieldLocation(revision, role, SpecField.Component, "spec", Line);
}
