using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Modelplane.Serving.Graphs;

/// <summary>
/// A GJSON path as KServe's InferenceGraph router evaluates a step's <c>condition</c>: the subset its docs and samples
/// use (dotted keys with <c>\.</c> escapes, array indexes, <c>#</c>, and <c>#(...)</c> / <c>#(...)#</c> queries);
/// anything else is refused when it is parsed, naming the construct.
/// </summary>
public sealed class GjsonPath
{
    private readonly IReadOnlyList<GjsonSegment> _segments;

    private GjsonPath(string text, IReadOnlyList<GjsonSegment> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; false with a message saying what is wrong or which construct is not supported.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out GjsonPath? path, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = GjsonParser.Parse(text, out error);
        path = segments is null ? null : new GjsonPath(text, segments);
        return path is not null;
    }

    /// <summary>The value the path selects in <paramref name="document"/>, or null when it selects nothing.</summary>
    public JsonElement? Get(JsonElement document) => Evaluate(document, _segments, 0);

    /// <summary>
    /// Whether the path selects something, as gjson's <c>Result.Exists()</c>: the test KServe's router applies to a
    /// Switch step's condition (on the request) and a Sequence step's (on the previous response). A JSON null exists;
    /// a <c>#(...)#</c> query that matches nothing gives an empty array, which exists too.
    /// </summary>
    public bool Matches(JsonElement document) => Get(document) is not null;

    internal static JsonElement? Evaluate(JsonElement current, IReadOnlyList<GjsonSegment> segments, int index)
    {
        if (index == segments.Count)
        {
            return current;
        }

        var rest = index + 1;
        switch (segments[index])
        {
            case GjsonSegment.Key key:
                return Child(current, key.Name) is { } child ? Evaluate(child, segments, rest) : null;

            case GjsonSegment.Count when current.ValueKind != JsonValueKind.Array:
                return null;

            case GjsonSegment.Count when rest == segments.Count:
                return Number(current.GetArrayLength());

            case GjsonSegment.Count:
                // "friends.#.first": the rest of the path applied to each element, the results that exist gathered.
                return Collect(current.EnumerateArray().Select(e => Evaluate(e, segments, rest)));

            case GjsonSegment.Query when current.ValueKind != JsonValueKind.Array:
                return null;

            case GjsonSegment.Query { All: true } query:
                return Collect(current.EnumerateArray().Where(query.Condition.Matches).Select(e => Evaluate(e, segments, rest)));

            case GjsonSegment.Query query:
                foreach (var element in current.EnumerateArray())
                {
                    if (query.Condition.Matches(element))
                    {
                        return Evaluate(element, segments, rest);
                    }
                }

                return null;

            default:
                throw new InvalidOperationException($"unknown path segment {segments[index]}");
        }
    }

    private static JsonElement? Child(JsonElement current, string key)
    {
        if (current.ValueKind == JsonValueKind.Object)
        {
            return current.TryGetProperty(key, out var value) ? value : null;
        }

        // gjson reads a key of digits on an array as an index, and any other key there as nothing.
        if (current.ValueKind == JsonValueKind.Array && key.Length > 0 && key.All(char.IsAsciiDigit)
            && int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var at) && at < current.GetArrayLength())
        {
            return current[at];
        }

        return null;
    }

    private static JsonElement Number(int value) => Build(writer => writer.WriteNumberValue(value));

    private static JsonElement Collect(IEnumerable<JsonElement?> values) => Build(writer =>
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            value?.WriteTo(writer);
        }

        writer.WriteEndArray();
    });

    // gjson builds these results as new JSON text; so does this, to hand back a JsonElement like any other result.
    private static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
