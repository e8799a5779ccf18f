namespace Modelplane.Hosting.Specs.Placement;

/// <summary>The spec being placed, the local facts, and the diagnostics so far, each pointing at the spec's own field and line.</summary>
internal sealed class PlanContext(InferenceServiceSpec spec, LocalFacts facts)
{
    private readonly List<SpecDiagnostic> _diagnostics = [];

    public InferenceServiceSpec Spec { get; } = spec;

    public LocalFacts Facts { get; } = facts;

    public IReadOnlyList<SpecDiagnostic> Diagnostics => _diagnostics;

    public void Error(string? revision, ComponentRole? role, SpecField field, string message) => Add(SpecSeverity.Error, revision, role, field, message);

    public void Note(string? revision, ComponentRole? role, SpecField field, string message) => Add(SpecSeverity.Note, revision, role, field, message);

    /// <summary>
    /// A Modelplane annotation for <paramref name="revision"/>: its own key on the object, else the key on the
    /// component (then <c>OnComponent</c>), else on the object.
    /// </summary>
    public (string Value, bool OnComponent)? Annotation(string revision, ComponentSpec component, string key)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (Spec.Annotations.Find(ModelplaneAnnotations.ForRevision(key, revision)) is { } forRevision)
        {
            return (forRevision, false);
        }

        return component.Annotations.Find(key) is { } onComponent ? (onComponent, true)
            : Spec.Annotations.Find(key) is { } onObject ? (onObject, false)
            : null;
    }

    private void Add(SpecSeverity severity, string? revision, ComponentRole? role, SpecField field, string message)
    {
        if (Spec.Source is { } source)
        {
            var where = source.Locate(revision, role, field);
            _diagnostics.Add(new SpecDiagnostic(severity, source.File, where.Line, where.Path, message));
            return;
        }

        // A spec built in code has no file: name the field by the normalized model's own path.
        var path = role is null ? $"{Spec.Name}.{FieldName(field)}" : $"{Spec.Name}.{revision}.{RoleName(role.Value)}.{FieldName(field)}";
        _diagnostics.Add(new SpecDiagnostic(severity, string.Empty, 0, path, message));
    }

    private static string RoleName(ComponentRole role) => role switch
    {
        ComponentRole.Transformer => "transformer",
        ComponentRole.Explainer => "explainer",
        _ => "predictor",
    };

    private static string FieldName(SpecField field) => field switch
    {
        SpecField.Format => "model.format",
        SpecField.StorageUri => "model.storageUri",
        SpecField.StoreModel => "model.storeModel",
        SpecField.Runtime => "model.runtime",
        SpecField.Image => "container.image",
        SpecField.Args => "container.args",
        SpecField.Annotations => "annotations",
        _ => "component",
    };
}
