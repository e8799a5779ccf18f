using Modelplane.Serving.Repository;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary>
/// Reads class labels: from a model's <c>config.json</c> (its <c>labels</c>, as the predictor reads them), from the
/// model directory holding it, or from a text file with one label per line.
/// </summary>
internal static class LabelFile
{
    public static IReadOnlyList<string>? Load(string? path, PipelineFiles files)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var full = files.Resolve(path, "Labels");
        if (Directory.Exists(full) || string.Equals(Path.GetFileName(full), ModelConfig.FileName, StringComparison.OrdinalIgnoreCase))
        {
            var directory = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
            var config = ModelConfig.Load(directory);
            return config.Labels is { Count: > 0 } labels
                ? labels
                : throw new InvalidDataException($"Labels names {path}, whose {ModelConfig.FileName} has no labels");
        }

        var lines = File.ReadAllLines(full).Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count > 0 ? lines : throw new InvalidDataException($"Labels names {path}, which holds no labels");
    }

    /// <summary>The label of a class, or its index when there are no labels or too few.</summary>
    public static string Name(IReadOnlyList<string>? labels, int index) =>
        labels is not null && index < labels.Count ? labels[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
