using Modelplane.Hosting.Specs.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// Reads InferenceService specs from YAML in the dialects Modelplane knows: KServe v1beta1, KFServing v1alpha2 and
/// v1beta1, KubeDL's Inference and ElasticServing's PaddleService. Every problem is reported with its file, line and
/// field; a spec with an error is left out of the result.
/// </summary>
public static class SpecReader
{
    /// <summary>Reads every document of one file.</summary>
    public static SpecReadResult ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SpecReadResult([], [new SpecDiagnostic(SpecSeverity.Error, path, 0, "(file)", $"cannot be read: {e.Message}")]);
        }

        return Read(text, path);
    }

    /// <summary>Reads every <c>.yaml</c> and <c>.yml</c> file under a directory, in path order.</summary>
    public static SpecReadResult ReadDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
        {
            return new SpecReadResult([], [new SpecDiagnostic(SpecSeverity.Error, path, 0, "(directory)", "does not exist; give a directory that holds .yaml spec files")]);
        }

        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return Combine(files.Select(ReadFile).ToList());
    }

    /// <summary>Reads every document of <paramref name="text"/>, naming <paramref name="fileName"/> in diagnostics.</summary>
    public static SpecReadResult Read(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return new SpecReadResult([], [new SpecDiagnostic(SpecSeverity.Error, fileName, (int)e.Start.Line, "(yaml)", SyntaxMessage(e))]);
        }

        var specs = new List<InferenceServiceSpec>();
        var diagnostics = new List<SpecDiagnostic>();
        foreach (var (spec, document) in stream.Documents.SelectMany(d => DialectTable.Read(d.RootNode, fileName)))
        {
            diagnostics.AddRange(document.Diagnostics);
            if (spec is not null)
            {
                specs.Add(spec);
            }
        }

        return Combine([new SpecReadResult(EquatableList.From(specs), EquatableList.From(diagnostics.OrderBy(d => d.Line)))]);
    }

    // Two specs of one name in one namespace would fight over the same host, processes and manifests.
    private static SpecReadResult Combine(IReadOnlyList<SpecReadResult> results)
    {
        var specs = new List<InferenceServiceSpec>();
        var diagnostics = results.SelectMany(r => r.Diagnostics).ToList();
        foreach (var spec in results.SelectMany(r => r.Specs))
        {
            var first = specs.FirstOrDefault(s => s.Name == spec.Name && s.Namespace == spec.Namespace);
            if (first is null)
            {
                specs.Add(spec);
                continue;
            }

            diagnostics.Add(new SpecDiagnostic(
                SpecSeverity.Error,
                spec.Source!.File,
                spec.Source.Line,
                "metadata.name",
                $"{spec.Name} in namespace {spec.Namespace} is already defined at {first.Source!.File}:{first.Source.Line}; rename one of them"));
        }

        return new SpecReadResult(EquatableList.From(specs), EquatableList.From(diagnostics));
    }

    private static string SyntaxMessage(YamlException e)
    {
        var message = e.Message.TrimEnd('.');
        if (message.StartsWith("Duplicate key", StringComparison.Ordinal))
        {
            return $"{message[..1].ToLowerInvariant()}{message[1..]} (column {e.Start.Column}); each key may appear once in a mapping, so remove or merge the repeated one";
        }

        return $"{message[..1].ToLowerInvariant()}{message[1..]} (column {e.Start.Column}); fix the YAML there";
    }
}
