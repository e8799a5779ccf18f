using System.Globalization;
using System.Text.Json;

namespace Modelplane.Explainer.Background;

/// <summary>
/// Finds and reads a model's background data: the file configured, or <c>background.csv</c> or <c>background.json</c>
/// beside <c>config.json</c> (or in the version directory, where a store of one unversioned model puts its files). CSV is
/// one row of numbers per line, under an optional header of feature names; JSON is an array of rows, each an array of
/// numbers. A file that cannot be read is an <see cref="InvalidDataException"/> naming the file, line and value.
/// </summary>
internal static class BackgroundReader
{
    /// <summary>The file names looked for when none is configured.</summary>
    public static IReadOnlyList<string> DefaultFileNames { get; } = ["background.csv", "background.json"];

    /// <summary>Reads the background of a model version; null when none is configured and none of the default files is there.</summary>
    public static BackgroundData? Load(string modelDirectory, string versionDirectory, string? configured, string setting)
    {
        if (configured is not null)
        {
            var path = Path.Combine(modelDirectory, configured);
            return File.Exists(path)
                ? Read(path)
                : throw new InvalidDataException($"{setting} names '{configured}', but {Path.GetFullPath(path)} does not exist");
        }

        foreach (var directory in new[] { modelDirectory, versionDirectory })
        {
            var found = DefaultFileNames.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();
            if (found.Count > 1)
            {
                throw new InvalidDataException($"{directory} holds both {string.Join(" and ", DefaultFileNames)}; keep the one to explain against");
            }

            if (found.Count == 1)
            {
                return Read(found[0]);
            }
        }

        return null;
    }

    /// <summary>Reads a CSV or JSON background file, by its extension.</summary>
    public static BackgroundData Read(string path)
    {
        var name = Path.GetFileName(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => ReadCsv(name, File.ReadAllText(path)),
            ".JSON" => ReadJson(name, File.ReadAllBytes(path)),
            _ => throw new InvalidDataException($"{name}: background data must be a .csv or a .json file"),
        };
    }

    /// <summary>Reads CSV text: an optional header of names (a first line without a number), then rows of numbers of one width.</summary>
    public static BackgroundData ReadCsv(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[]? header = null;
        var rows = new List<double[]>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',').Select(cell => cell.Trim()).ToArray();
            if (header is null && rows.Count == 0 && !cells.Any(IsNumber))
            {
                header = cells;
                continue;
            }

            var row = new double[cells.Length];
            for (var c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]) || !double.IsFinite(row[c]))
                {
                    throw new InvalidDataException($"{name} line {i + 1}: '{cells[c]}' is not a number");
                }
            }

            var width = header?.Length ?? (rows.Count > 0 ? rows[0].Length : row.Length);
            if (row.Length != width)
            {
                throw new InvalidDataException($"{name} line {i + 1}: {row.Length} values, but {(header is null ? "the first row has" : "the header names")} {width}");
            }

            rows.Add(row);
        }

        return rows.Count == 0
            ? throw new InvalidDataException($"{name}: no rows of background data")
            : new BackgroundData(name, header, [.. rows]);
    }

    /// <summary>Reads JSON: an array of rows, each an array of numbers of one width.</summary>
    public static BackgroundData ReadJson(string name, ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name} (line {e.LineNumber + 1}): not valid JSON", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                throw new InvalidDataException($"{name}: expected a non-empty array of rows, each an array of numbers");
            }

            var rows = new List<double[]>();
            foreach (var element in root.EnumerateArray())
            {
                var where = $"{name}: row {rows.Count}";
                if (element.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{where} is not an array of numbers");
                }

                var row = element.EnumerateArray().Select(value => value.ValueKind == JsonValueKind.Number
                    ? value.GetDouble()
                    : throw new InvalidDataException($"{where}: {value.GetRawText()} is not a number")).ToArray();
                if (rows.Count > 0 && row.Length != rows[0].Length)
                {
                    throw new InvalidDataException($"{where} has {row.Length} values, row 0 has {rows[0].Length}");
                }

                rows.Add(row);
            }

            return rows[0].Length == 0 ? throw new InvalidDataException($"{name}: the rows are empty") : new BackgroundData(name, null, [.. rows]);
        }
    }

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
