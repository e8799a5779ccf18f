using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// A YAML mapping being read into a spec: typed access by key, each value checked and each problem reported with its
/// line and field path. It remembers every key it was asked for, so the keys no reader asked for can be reported as
/// unknown fields rather than dropped.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, int line, SpecDocument document)
    {
        Path = path;
        Line = line;
        Document = document;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries[name] = new Entry(name, LineOf(key), value);
            }
            else
            {
                document.Error(LineOf(key), path.Length == 0 ? "(document)" : path, "a key must be a plain name, not a list or mapping");
            }
        }
    }

    /// <summary>The field path of this mapping (<c>spec.predictor</c>); empty for a document's root.</summary>
    public string Path { get; }

    /// <summary>The line of the key that holds this mapping (for a document, its first line).</summary>
    public int Line { get; }

    public SpecDocument Document { get; }

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>The path of <paramref name="key"/> inside this mapping.</summary>
    public string Field(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The line of <paramref name="key"/>, or of this mapping when the key is absent.</summary>
    public int LineOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Line : Line;

    /// <summary>True when <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>Takes <paramref name="keys"/> as known without reading them (fields a cluster adds, such as <c>status</c>).</summary>
    public void Accept(params string[] keys) => _asked.UnionWith(keys);

    /// <summary>Reports a known field that Modelplane does not use, as a note, when it is present.</summary>
    public void Note(string key, string message)
    {
        if (Find(key) is { } entry)
        {
            Document.Note(entry.Line, Field(key), message);
        }
    }

    /// <summary>Reports a known field whose effect Modelplane does not give, as a warning, when it is present.</summary>
    public void Warn(string key, string message)
    {
        if (Find(key) is { } entry)
        {
            Document.Warning(entry.Line, Field(key), message);
        }
    }

    public void Error(string key, string message) => Document.Error(LineOf(key), Field(key), message);

    /// <summary>Reports a required field that is absent, at the line of this mapping.</summary>
    public void Missing(string key, string fix) => Document.Error(Line, Field(key), $"missing; {fix}");

    public string? String(string key)
    {
        if (Find(key) is not { } entry)
        {
            return null;
        }

        if (entry.Value is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Document.Error(entry.Line, Field(key), $"expected a text value, got {Describe(entry.Value)}; write one value after {key}:");
        return null;
    }

    /// <summary>A text value that must be present; <paramref name="fix"/> says what to add when it is not.</summary>
    public string? RequiredString(string key, string fix)
    {
        var value = String(key);
        if (value is null && Find(key) is null)
        {
            Missing(key, fix);
        }

        return value;
    }

    /// <summary>
    /// A whole number between <paramref name="min"/> and <paramref name="max"/>. Quoted numbers are refused, as the
    /// Kubernetes API server refuses them, unless <paramref name="quotedAllowed"/> (for fields its schema types as text).
    /// </summary>
    public int? Int(string key, int min = 0, int max = int.MaxValue, bool quotedAllowed = false)
    {
        if (Find(key) is not { } entry)
        {
            return null;
        }

        var example = min > 0 ? min : Math.Min(1, max);
        if (entry.Value is not YamlScalarNode scalar)
        {
            Document.Error(entry.Line, Field(key), $"expected a whole number, got {Describe(entry.Value)}; write a number such as {key}: {example}");
            return null;
        }

        if (!int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            Document.Error(entry.Line, Field(key), $"expected a whole number, got '{scalar.Value}'; write a number such as {key}: {example}");
            return null;
        }

        if (!quotedAllowed && scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
        {
            Document.Error(entry.Line, Field(key), $"expected a whole number, got the text \"{scalar.Value}\"; remove the quotes: {key}: {number}");
            return null;
        }

        if (number < min || number > max)
        {
            var range = max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}";
            Document.Error(entry.Line, Field(key), $"must be {range}, got {number}");
            return null;
        }

        return number;
    }

    /// <summary>One of a fixed set of words; anything else is an error listing them.</summary>
    public T? Choice<T>(string key, IReadOnlyList<(string Text, T Value)> choices)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(choices);
        var words = string.Join(", ", choices.Select(c => c.Text));
        if (Find(key) is not { } entry)
        {
            return null;
        }

        if (entry.Value is not YamlScalarNode { Value: { } text })
        {
            Document.Error(entry.Line, Field(key), $"expected one of {words}, got {Describe(entry.Value)}; write one of those");
            return null;
        }

        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        Error(key, $"'{text}' is not one of {words}; write one of those");
        return null;
    }

    public YamlMap? Map(string key)
    {
        if (Find(key) is not { } entry)
        {
            return null;
        }

        if (entry.Value is YamlMappingNode mapping)
        {
            return new YamlMap(mapping, Field(key), entry.Line, Document);
        }

        Document.Error(entry.Line, Field(key), $"expected a mapping of fields, got {Describe(entry.Value)}; write its fields indented under {key}:, or as {key}: {{name: value}}");
        return null;
    }

    /// <summary>A list of mappings, each read with its index in its path (<c>spec.predictors[1]</c>).</summary>
    public IReadOnlyList<YamlMap> Maps(string key)
    {
        if (Find(key) is not { } entry)
        {
            return [];
        }

        if (entry.Value is not YamlSequenceNode sequence)
        {
            Document.Error(entry.Line, Field(key), $"expected a list, got {Describe(entry.Value)}; write each item on its own line starting with '- '");
            return [];
        }

        var maps = new List<YamlMap>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is YamlMappingNode mapping)
            {
                maps.Add(new YamlMap(mapping, $"{Field(key)}[{i}]", LineOf(item), Document));
            }
            else
            {
                Document.Error(LineOf(item), $"{Field(key)}[{i}]", $"expected a mapping of fields, got {Describe(item)}");
            }
        }

        return maps;
    }

    /// <summary>
    /// A mapping of names to mappings (an InferenceGraph's nodes), each read with its name in its path
    /// (<c>spec.nodes.root</c>), in the order written; empty when absent.
    /// </summary>
    public IReadOnlyList<(string Name, YamlMap Map)> NamedMaps(string key)
    {
        if (Map(key) is not { } map)
        {
            return [];
        }

        var maps = new List<(string Name, YamlMap Map)>();
        foreach (var entry in map._entries.Values.OrderBy(e => e.Line))
        {
            if (map.Map(entry.Key) is { } item)
            {
                maps.Add((entry.Key, item));
            }
            else if (!map.Has(entry.Key))
            {
                Document.Error(entry.Line, map.Field(entry.Key), $"is empty; write its fields indented under {entry.Key}:");
            }
        }

        return maps;
    }

    /// <summary>A list of text values; null when absent.</summary>
    public EquatableList<string>? Strings(string key)
    {
        if (Find(key) is not { } entry)
        {
            return null;
        }

        if (entry.Value is not YamlSequenceNode sequence)
        {
            Document.Error(entry.Line, Field(key), $"expected a list, got {Describe(entry.Value)}; write it as [\"...\"] or one '- ' item per line");
            return null;
        }

        var values = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode { Value: { } value })
            {
                values.Add(value);
            }
            else
            {
                Document.Error(LineOf(sequence.Children[i]), $"{Field(key)}[{i}]", $"expected a text value, got {Describe(sequence.Children[i])}");
            }
        }

        return EquatableList.From(values);
    }

    /// <summary>A mapping of names to text values (labels, annotations, settings); empty when absent.</summary>
    public EquatableDictionary StringMap(string key)
    {
        if (Find(key) is not { } entry)
        {
            return EquatableDictionary.Empty;
        }

        if (entry.Value is not YamlMappingNode mapping)
        {
            Document.Error(entry.Line, Field(key), $"expected a mapping of names to values, got {Describe(entry.Value)}");
            return EquatableDictionary.Empty;
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in mapping.Children)
        {
            var text = (name as YamlScalarNode)?.Value;
            if (text is not null && value is YamlScalarNode { Value: { } scalar })
            {
                values.Add(new(text, scalar));
            }
            else
            {
                Document.Error(LineOf(name), $"{Field(key)}.{text}", $"expected a text value, got {Describe(value)}");
            }
        }

        return EquatableDictionary.From(values);
    }

    /// <summary>
    /// Where each entry of the mapping of text values at <paramref name="key"/> is written (see <see cref="StringMap"/>,
    /// which reports its problems); empty when it is absent or not a mapping.
    /// </summary>
    public IReadOnlyDictionary<string, WrittenEntry> Entries(string key)
    {
        var entries = new Dictionary<string, WrittenEntry>(StringComparer.Ordinal);
        if (Find(key)?.Value is YamlMappingNode mapping)
        {
            foreach (var (name, value) in mapping.Children)
            {
                if (name is YamlScalarNode { Value: { } text })
                {
                    entries[text] = new WrittenEntry($"{Field(key)}.{text}", LineOf(name), value is YamlScalarNode { Style: ScalarStyle.Plain });
                }
            }
        }

        return entries;
    }

    /// <summary>
    /// The <c>spec</c> of the Kubernetes object this document root holds, read after its metadata: a missing spec is
    /// reported with <paramref name="fix"/>, then the root's unknown fields as those of <paramref name="kind"/>. Null
    /// when there is no spec mapping to read.
    /// </summary>
    public YamlMap? ObjectSpec(string kind, string fix)
    {
        var spec = Map("spec");
        if (spec is null && !Has("spec"))
        {
            Missing("spec", fix);
        }

        ReportUnknown($"{kind} (apiVersion, kind, metadata, spec, status)");
        return spec;
    }

    /// <summary>
    /// Reports, as warnings, the fields no reader asked for: they are ignored, and the user should know. A close known
    /// name is offered, since most unknown fields are misspelt known ones.
    /// </summary>
    public void ReportUnknown(string owner)
    {
        foreach (var entry in _entries.Values.Where(e => !_asked.Contains(e.Key)).OrderBy(e => e.Line))
        {
            var guess = ClosestKnown(entry.Key);
            var hint = guess is null ? string.Empty : $"; did you mean {guess}?";
            Document.Warning(entry.Line, Field(entry.Key), $"unknown field of {owner}, ignored{hint}");
        }
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an alias",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private Entry? Find(string key)
    {
        _asked.Add(key);
        return _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry : null;
    }

    private string? ClosestKnown(string key) =>
        _asked
            .Select(known => (Known: known, Distance: EditDistance(known.ToUpperInvariant(), key.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, key.Length / 4)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Known, StringComparer.Ordinal)
            .Select(c => c.Known)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private sealed record Entry(string Key, int Line, YamlNode Value);
}
