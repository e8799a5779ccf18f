using System.Globalization;
using System.Text.Json;

namespace Modelplane.Serving.Graphs;

/// <summary>
/// The test inside a GJSON query, <c>#(path op value)</c>, as gjson's <c>queryMatches</c> applies it: by the type of the
/// value found, so <c>#(age=="47")</c> matches the number 47 and a boolean only compares with <c>true</c>/<c>false</c>.
/// </summary>
internal sealed record GjsonCondition(IReadOnlyList<GjsonSegment> Path, GjsonOperator Operator, string Value)
{
    public bool Matches(JsonElement element)
    {
        if (GjsonPath.Evaluate(element, Path, 0) is not { } found)
        {
            return false;
        }

        return found.ValueKind switch
        {
            _ when Operator == GjsonOperator.Exists => true,
            JsonValueKind.String => CompareText(found.GetString()!),
            JsonValueKind.Number => CompareNumber(found.GetDouble()),
            JsonValueKind.True => Operator switch
            {
                GjsonOperator.Equal => Value == "true",
                GjsonOperator.NotEqual => Value != "true",
                GjsonOperator.Greater => Value == "false",
                GjsonOperator.GreaterOrEqual => true,
                _ => false,
            },
            JsonValueKind.False => Operator switch
            {
                GjsonOperator.Equal => Value == "false",
                GjsonOperator.NotEqual => Value != "false",
                GjsonOperator.Less => Value == "true",
                GjsonOperator.LessOrEqual => true,
                _ => false,
            },
            _ => false,
        };
    }

    // Go compares strings byte by byte; ordinal comparison is the same order for all but surrogate pairs.
    private bool CompareText(string text) => Operator switch
    {
        GjsonOperator.Equal => text == Value,
        GjsonOperator.NotEqual => text != Value,
        GjsonOperator.Less => string.CompareOrdinal(text, Value) < 0,
        GjsonOperator.LessOrEqual => string.CompareOrdinal(text, Value) <= 0,
        GjsonOperator.Greater => string.CompareOrdinal(text, Value) > 0,
        GjsonOperator.GreaterOrEqual => string.CompareOrdinal(text, Value) >= 0,
        GjsonOperator.Like => GjsonPattern.Matches(text, Value),
        GjsonOperator.NotLike => !GjsonPattern.Matches(text, Value),
        _ => false,
    };

    // gjson takes a value that is not a number as 0 (Go's ParseFloat on error), and has no pattern match on numbers.
    private bool CompareNumber(double number)
    {
        var value = double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return Operator switch
        {
            GjsonOperator.Equal => number == value,
            GjsonOperator.NotEqual => number != value,
            GjsonOperator.Less => number < value,
            GjsonOperator.LessOrEqual => number <= value,
            GjsonOperator.Greater => number > value,
            GjsonOperator.GreaterOrEqual => number >= value,
            _ => false,
        };
    }
}
