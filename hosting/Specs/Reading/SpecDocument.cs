namespace Modelplane.Hosting.Specs.Reading;

/// <summary>One YAML document being read: the file it is in, the diagnostics found so far, and where its fields are.</summary>
internal sealed class SpecDocument(string file)
{
    private readonly List<SpecDiagnostic> _diagnostics = [];
    private readonly List<FieldLocation> _fields = [];

    public string File { get; } = file;

    public IReadOnlyList<SpecDiagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    public EquatableList<FieldLocation> Fields => EquatableList.From(_fields);

    public void Error(int line, string field, string message) => _diagnostics.Add(new(SpecSeverity.Error, File, line, field, message));

    public void Warning(int line, string field, string message) => _diagnostics.Add(new(SpecSeverity.Warning, File, line, field, message));

    public void Note(int line, string field, string message) => _diagnostics.Add(new(SpecSeverity.Note, File, line, field, message));

    /// <summary>Remembers where a field of the normalized spec is written, for messages of later steps.</summary>
    public void Locate(string? revision, ComponentRole? role, SpecField field, string path, int line) =>
        _fields.Add(new FieldLocation(revision, role, field, path, line));
}
