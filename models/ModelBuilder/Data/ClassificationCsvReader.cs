using System.Globalization;

namespace Modelplane.ModelBuilder.Data;

/// <summary>Reads a comma-separated table of numeric feature columns followed by one class-name column.</summary>
internal static class ClassificationCsvReader
{
    /// <summary>
    /// Reads <paramref name="reader"/>, whose header must be exactly <paramref name="featureNames"/> then
    /// <paramref name="labelColumn"/>; class indices follow the order of <paramref name="classNames"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The text does not have that layout; the message names the line.</exception>
    public static ClassificationDataset Read(
        TextReader reader,
        string sourceName,
        IReadOnlyList<string> featureNames,
        string labelColumn,
        IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(classNames);

        var expectedHeader = string.Join(',', featureNames.Append(labelColumn));
        var header = reader.ReadLine();
        if (header is null)
        {
            throw new InvalidDataException($"{sourceName}: the file is empty; expected the header '{expectedHeader}'.");
        }

        if (header.Trim() != expectedHeader)
        {
            throw new InvalidDataException($"{sourceName} line 1: expected the header '{expectedHeader}', found '{header.Trim()}'.");
        }

        var features = new List<double[]>();
        var labels = new List<int>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Trim().Split(',');
            if (cells.Length != featureNames.Count + 1)
            {
                throw new InvalidDataException(
                    $"{sourceName} line {lineNumber}: expected {featureNames.Count + 1} comma-separated values, found {cells.Length}.");
            }

            var row = new double[featureNames.Count];
            for (var column = 0; column < row.Length; column++)
            {
                if (!double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out row[column])
                    || !double.IsFinite(row[column]))
                {
                    throw new InvalidDataException(
                        $"{sourceName} line {lineNumber}: {featureNames[column]} '{cells[column]}' is not a finite number.");
                }
            }

            var label = IndexOf(classNames, cells[^1]);
            if (label < 0)
            {
                throw new InvalidDataException(
                    $"{sourceName} line {lineNumber}: {labelColumn} '{cells[^1]}' is not one of {string.Join(", ", classNames)}.");
            }

            features.Add(row);
            labels.Add(label);
        }

        if (features.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: the file has a header but no rows.");
        }

        return new ClassificationDataset(featureNames.ToArray(), classNames.ToArray(), features, labels);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
