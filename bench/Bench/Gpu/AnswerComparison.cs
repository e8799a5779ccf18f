using System.Globalization;
using System.Text.Json.Nodes;

namespace Modelplane.Bench.Gpu;

/// <summary>
/// Whether two Open Inference Protocol v2 answers (<c>{"outputs": [{"name", "shape", "data"}]}</c>) are the same within
/// an absolute tolerance: the same outputs with the same shapes, every value at most the tolerance apart.
/// </summary>
internal static class AnswerComparison
{
    /// <summary>Null when <paramref name="candidate"/> answers as <paramref name="reference"/> does, else the first difference.</summary>
    public static string? Difference(JsonNode reference, JsonNode candidate, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        var expected = Outputs(reference);
        var actual = Outputs(candidate);
        if (!expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)))
        {
            return $"outputs {string.Join(", ", actual.Keys)} where the reference has {string.Join(", ", expected.Keys)}";
        }

        foreach (var (name, (shape, values)) in expected)
        {
            var (otherShape, otherValues) = actual[name];
            if (shape != otherShape || values.Length != otherValues.Length)
            {
                return $"output {name} has the shape [{otherShape}] where the reference's is [{shape}]";
            }

            for (var i = 0; i < values.Length; i++)
            {
                var difference = Math.Abs(values[i] - otherValues[i]);
                if (!(difference <= tolerance))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"output {name}[{i}] is {otherValues[i]:R} where the reference's is {values[i]:R} (|difference| {difference:G3} > {tolerance:G3})");
                }
            }
        }

        return null;
    }

    private static Dictionary<string, (string Shape, double[] Values)> Outputs(JsonNode answer) =>
        (answer["outputs"]?.AsArray() ?? []).OfType<JsonNode>().ToDictionary(
            output => output["name"]!.GetValue<string>(),
            output => (
                string.Join(',', output["shape"]!.AsArray().Select(d => d!.GetValue<long>())),
                output["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray()),
            StringComparer.Ordinal);
}
