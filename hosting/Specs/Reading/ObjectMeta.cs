namespace Modelplane.Hosting.Specs.Reading;

/// <summary>The parts of an object's <c>metadata</c> a spec keeps, and where each annotation is written.</summary>
internal sealed record ObjectMeta(
    string Name,
    string Namespace,
    EquatableDictionary Labels,
    EquatableDictionary Annotations,
    IReadOnlyDictionary<string, WrittenEntry> AnnotationEntries)
{
    // Fields a cluster writes into an object it holds (kubectl get -o yaml); they describe that copy, not the service.
    private static readonly string[] ClusterFields =
    [
        "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "managedFields", "selfLink", "finalizers", "ownerReferences",
    ];

    /// <summary>Reads <c>metadata</c> of a document; null (with errors reported) when it has no valid name.</summary>
    public static ObjectMeta? Read(YamlMap document, string exampleName)
    {
        var metadata = document.Map("metadata");
        if (metadata is null)
        {
            if (!document.Has("metadata"))
            {
                document.Missing("metadata", $"add metadata: {{name: {exampleName}}}");
            }

            return null;
        }

        metadata.Accept(ClusterFields);
        var name = metadata.String("name");
        if (name is null && metadata.Has("generateName"))
        {
            metadata.Error("generateName", $"a generated name is not supported, because the service's host and model name come from its name; write name: {exampleName} instead");
        }
        else if (name is null)
        {
            metadata.Missing("name", $"name the service, e.g. name: {exampleName}");
        }
        else if (KubernetesNames.ProblemWithName(name) is { } problem)
        {
            metadata.Error("name", problem);
        }

        var space = metadata.String("namespace") ?? "default";
        if (KubernetesNames.ProblemWithNamespace(space) is { } namespaceProblem)
        {
            metadata.Error("namespace", namespaceProblem);
        }

        var labels = metadata.StringMap("labels");
        var annotations = metadata.StringMap("annotations");
        var annotationEntries = metadata.Entries("annotations");
        if (metadata.Has("annotations"))
        {
            document.Document.Locate(null, null, SpecField.Annotations, metadata.Field("annotations"), metadata.LineOf("annotations"));
        }

        if (annotations.Find(ModelplaneAnnotations.Gpu) is { } gpu && gpu is not (ModelplaneAnnotations.GpuRequired or ModelplaneAnnotations.GpuOptional))
        {
            var at = annotationEntries[ModelplaneAnnotations.Gpu];
            document.Document.Error(
                at.Line,
                at.Field,
                $"'{gpu}' is not a value of {ModelplaneAnnotations.Gpu}; write {ModelplaneAnnotations.GpuRequired} (a machine without a GPU refuses the service) or {ModelplaneAnnotations.GpuOptional} (it runs on the CPU there, the default)");
        }

        metadata.ReportUnknown("metadata");
        return name is null || document.Document.HasErrors ? null : new ObjectMeta(name, space, labels, annotations, annotationEntries);
    }
}
