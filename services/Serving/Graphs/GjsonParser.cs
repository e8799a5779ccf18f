using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Graphs;

/// <summary>Splits a GJSON path into segments, refusing each construct outside the subset with its name.</summary>
internal static class GjsonParser
{
    private const string Supported = "conditions may use dotted keys, array indexes, # and #(...) queries";

    public static IReadOnlyList<GjsonSegment>? Parse(string text, out string? error)
    {
        error = text.Length == 0 ? "is empty; write a path such as instances.0.x or #(label==\"dog\")" : null;
        var segments = new List<GjsonSegment>();
        var i = 0;
        while (error is null)
        {
            if (ReadSegment(text, ref i, out error) is { } segment)
            {
                segments.Add(segment);
            }

            if (error is not null || i == text.Length)
            {
                break;
            }

            if (text[i] == '|')
            {
                error = Unsupported("the pipe |");
            }
            else if (text[i] != '.')
            {
                error = $"unexpected '{text[i]}' at position {i + 1}; a query #(...) may be followed only by '.', '#' or the end";
            }
            else if (++i == text.Length)
            {
                error = "ends with '.'; name a key after it";
            }
        }

        return error is null ? segments : null;
    }

    private static string Unsupported(string construct) => $"{construct} is not supported; {Supported}";

    private static GjsonSegment? ReadSegment(string text, ref int i, out string? error)
    {
        error = text[i] switch
        {
            '@' => Unsupported($"the modifier {ModifierName(text, i)}"),
            '[' or '{' => Unsupported($"the multipath {text[i]}...{(text[i] == '[' ? ']' : '}')}"),
            '!' => Unsupported("the literal !"),
            '.' => i == 0 && text.StartsWith("..", StringComparison.Ordinal) ? Unsupported("the JSON Lines prefix ..") : "has an empty key between two dots; remove one",
            _ => null,
        };
        if (error is not null)
        {
            return null;
        }

        if (text[i] == '#')
        {
            return ReadCount(text, ref i, out error);
        }

        var key = new StringBuilder();
        for (; i < text.Length && text[i] is not ('.' or '|'); i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                key.Append(text[++i]);
            }
            else if (text[i] is '*' or '?')
            {
                error = Unsupported($"the wildcard {text[i]} in a key");
                return null;
            }
            else
            {
                key.Append(text[i]);
            }
        }

        return new GjsonSegment.Key(key.ToString());
    }

    private static GjsonSegment? ReadCount(string text, ref int i, out string? error)
    {
        error = null;
        i++;
        if (i == text.Length || text[i] is '.' or '|')
        {
            return new GjsonSegment.Count();
        }

        if (text[i] == '[')
        {
            error = Unsupported("the query form #[...]") + " (write #(...) instead)";
            return null;
        }

        if (text[i] != '(')
        {
            error = $"unexpected '{text[i]}' after '#' at position {i + 1}; write # alone or a query #(field==value)";
            return null;
        }

        var condition = ReadCondition(text, ref i, out error);
        if (condition is null)
        {
            return null;
        }

        var all = i < text.Length && text[i] == '#';
        if (all)
        {
            i++;
        }

        return new GjsonSegment.Query(condition, all);
    }

    // Reads "(path op value)" from i at '(' to just after its ')', as gjson's parseQuery: the operator is the first
    // of ! = < > % at the query's own depth, outside quoted text.
    private static GjsonCondition? ReadCondition(string text, ref int i, out string? error)
    {
        var start = i + 1;
        var depth = 1;
        var op = -1;
        for (i = start; i < text.Length && depth > 0; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        i += text[i] == '\\' ? 1 : 0;
                    }

                    break;
                case '!' or '=' or '<' or '>' or '%' when depth == 1 && op < 0:
                    op = i;
                    break;
            }
        }

        if (depth > 0)
        {
            error = $"the query at position {start - 1} has no closing ')'";
            return null;
        }

        var end = i - 1;
        var pathText = text[start..(op < 0 ? end : op)].Trim();
        string? pathError = null;
        var path = pathText.Length == 0 ? [] : Parse(pathText, out pathError);
        if (path is null)
        {
            error = $"in the query's path '{pathText}': {pathError}";
            return null;
        }

        if (op < 0)
        {
            error = pathText.Length == 0 ? "has an empty query #(); write #(field) or #(field==value)" : null;
            return error is null ? new GjsonCondition(path, GjsonOperator.Exists, string.Empty) : null;
        }

        var (kind, size) = Operator(text.AsSpan(op, end - op));
        var value = text[(op + size)..end].Trim();
        return ReadValue(value, out var literal, out error) ? new GjsonCondition(path, kind, literal) : null;
    }

    private static (GjsonOperator Kind, int Size) Operator(ReadOnlySpan<char> text) => text switch
    {
        ['=', '=', ..] => (GjsonOperator.Equal, 2),
        ['!', '=', ..] => (GjsonOperator.NotEqual, 2),
        ['!', '%', ..] => (GjsonOperator.NotLike, 2),
        ['<', '=', ..] => (GjsonOperator.LessOrEqual, 2),
        ['>', '=', ..] => (GjsonOperator.GreaterOrEqual, 2),
        ['<', ..] => (GjsonOperator.Less, 1),
        ['>', ..] => (GjsonOperator.Greater, 1),
        ['%', ..] => (GjsonOperator.Like, 1),
        ['=', ..] => (GjsonOperator.Equal, 1),

        // A lone '!' is no operator in gjson either; it compares nothing, so it is refused below as a bad value.
        _ => (GjsonOperator.NotEqual, 0),
    };

    private static bool ReadValue(string value, out string literal, out string? error)
    {
        literal = value;
        error = value switch
        {
            "" => "has a query comparing with nothing; write a value after the operator, e.g. #(label==\"dog\")",
            ['!', ..] => $"has a query with the operator '!' alone; write != or !%",
            ['~', ..] => Unsupported($"the boolean coercion {value}"),
            _ => null,
        };
        if (error is not null || value[0] != '"')
        {
            return error is null;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value));
            reader.Read();
            literal = reader.GetString()!;
            error = reader.BytesConsumed == Encoding.UTF8.GetByteCount(value) ? null : $"has text after the quoted value {value}";
        }
        catch (JsonException)
        {
            error = $"has a quoted value that does not end: {value}";
        }

        return error is null;
    }

    private static string ModifierName(string text, int i)
    {
        var end = text.IndexOfAny(['.', '|', ':'], i);
        return text[i..(end < 0 ? text.Length : end)];
    }
}
