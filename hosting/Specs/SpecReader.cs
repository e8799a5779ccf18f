using Modelplane.Hosting.Specs.Reading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// Reads InferenceService specs from YAML in the dialects Modelplane knows: KServe v1beta1, KFServing v1alpha2 and
/// v1beta1, KubeDL's Inference and ElasticServing's PaddleService; and KServe's InferenceGraphs beside them. Every
/// problem is reported with its file, line and field; a spec with an error is left out of the result.
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

        var read = stream.Documents.SelectMany(d => DialectTable.Read(d.RootNode, fileName)).ToList();
        var diagnostics = read.SelectMany(r => r.Document.Diagnostics).OrderBy(d => d.Line);
        return Combine(
        [
            new SpecReadResult(EquatableList.From(read.Select(r => r.Spec).OfType<InferenceServiceSpec>()), EquatableList.From(diagnostics))
            {
                Graphs = EquatableList.From(read.Select(r => r.Graph).OfType<InferenceGraphSpec>()),
            },
        ]);
    }

    // Two specs of one name in one namespace would fight over the same host, processes and manifests; a graph answers
    // on a host of the same form, so it may not share its name with a service of its namespace either.
    private static SpecReadResult Combine(IReadOnlyList<SpecReadResult> results)
    {
        var taken = new List<(string Name, string Namespace, SpecSource Source)>();
        var diagnostics = results.SelectMany(r => r.Diagnostics).ToList();
        bool Take(string name, string space, SpecSource source)
        {
            var first = taken.Find(t => t.Name == name && t.Namespace == space);
            if (first.Source is null)
            {
                taken.Add((name, space, source));
                return true;
            }

            diagnostics.Add(new SpecDiagnostic(
                SpecSeverity.Error,
                source.File,
                source.Line,
                "metadata.name",
                $"{name} in namespace {space} is already defined at {first.Source.File}:{first.Source.Line}; rename one of them"));
            return false;
        }

        var specs = results.SelectMany(r => r.Specs).Where(s => Take(s.Name, s.Namespace, s.Source!)).ToList();
        var graphs = results.SelectMany(r => r.Graphs).Where(g => Take(g.Name, g.Namespace, g.Source!)).ToList();
        return new SpecReadResult(EquatableList.From(specs), EquatableList.From(diagnostics)) { Graphs = EquatableList.From(graphs) };
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
