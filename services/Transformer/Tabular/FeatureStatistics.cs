using System.Text.Json;

namespace Modelplane.Transformer.Tabular;

/// <summary>
/// Stored statistics of numeric features, as computed on the training data: a JSON file of
/// <c>{"sepal_length": {"mean": 5.84, "std": 0.83}, ...}</c>.
/// </summary>
internal sealed record FeatureStatistics(double Mean, double Std)
{
    public static IReadOnlyDictionary<string, FeatureStatistics> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: expected an object of features, each {{\"mean\": ..., \"std\": ...}}");
        }

        var statistics = new Dictionary<string, FeatureStatistics>(StringComparer.Ordinal);
        foreach (var feature in document.RootElement.EnumerateObject())
        {
            if (feature.Value.ValueKind != JsonValueKind.Object
                || !feature.Value.TryGetProperty("mean", out var mean) || mean.ValueKind != JsonValueKind.Number
                || !feature.Value.TryGetProperty("std", out var std) || std.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: feature '{feature.Name}' needs {{\"mean\": number, \"std\": number}}");
            }

            if (std.GetDouble() <= 0)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: feature '{feature.Name}' has std {std.GetDouble()}; it must be more than 0");
            }

            statistics[feature.Name] = new FeatureStatistics(mean.GetDouble(), std.GetDouble());
        }

        return statistics;
    }
}
