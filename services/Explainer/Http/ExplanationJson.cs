using System.Text.Json;
using Modelplane.Explainer.Explanations;

namespace Modelplane.Explainer.Http;

/// <summary>
/// Writes explanations: per instance the scores explained (<c>output_values</c>), the base they start from
/// (<c>base_values</c>, the mean over the background), <c>attributions[class][feature]</c> (for images
/// <c>attributions[class][y][x]</c>), and the class labels and feature names when known; and what they cost.
/// </summary>
internal static class ExplanationJson
{
    public static void WriteExplanations(Utf8JsonWriter writer, Explanation explanation)
    {
        var plan = explanation.Plan;
        writer.WriteStartArray("explanations"u8);
        foreach (var instance in explanation.Instances)
        {
            writer.WriteStartObject();
            WriteNumbers(writer, "output_values"u8, instance.OutputValues);
            if (instance.BaseValues is { } baseValues)
            {
                WriteNumbers(writer, "base_values"u8, baseValues);
            }

            if (plan.Labels is { } labels)
            {
                WriteStrings(writer, "labels"u8, labels);
            }

            if (plan.FeatureNames is { } names)
            {
                WriteStrings(writer, "feature_names"u8, names);
            }

            writer.WriteStartArray("attributions"u8);
            foreach (var values in instance.Values)
            {
                if (plan.Image is { } image)
                {
                    writer.WriteStartArray();
                    for (var y = 0; y < image.Height; y++)
                    {
                        WriteNumbers(writer, values.AsSpan(y * image.Width, image.Width));
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    WriteNumbers(writer, values);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the method, the output explained and the cost as properties of the object being written (v1 metadata, v2 parameters).</summary>
    public static void WriteCost(Utf8JsonWriter writer, Explanation explanation, ExplanationCost cost)
    {
        var plan = explanation.Plan;
        writer.WriteString("method"u8, plan.Method.ToString());
        writer.WriteString("output"u8, plan.Output);
        writer.WriteNumber("predictor_calls"u8, cost.Calls);
        writer.WriteNumber("predictor_rows"u8, cost.Rows);
        foreach (var (name, value) in explanation.Details.Entries)
        {
            switch (value)
            {
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                case long number:
                    writer.WriteNumber(name, number);
                    break;
                case double number:
                    writer.WriteNumber(name, number);
                    break;
                default:
                    writer.WriteString(name, value.ToString());
                    break;
            }
        }

        // One string, not a list: v2 parameters hold single values.
        if (plan.Notes.Count > 0)
        {
            writer.WriteString("note"u8, string.Join("; ", plan.Notes));
        }
    }

    private static void WriteNumbers(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<double> values)
    {
        writer.WritePropertyName(name);
        WriteNumbers(writer, values);
    }

    // A model that scores NaN or infinity gets null there: JSON has no such numbers, and the rest of the answer still stands.
    private static void WriteNumbers(Utf8JsonWriter writer, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
