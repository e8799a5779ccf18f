using System.Globalization;
using System.Text;

namespace Modelplane.ModelBuilder.Data;

/// <summary>Writes rows of numeric features as CSV under a header of their names, the format an explainer reads as background data.</summary>
internal static class FeatureCsvWriter
{
    /// <summary>
    /// The CSV text: the header, then one line per row, numbers in their shortest round-trip form (<c>5.1</c>, <c>3</c>)
    /// and "\n" line breaks on every OS, so equal data gives equal bytes.
    /// </summary>
    public static string Write(IReadOnlyList<string> featureNames, IEnumerable<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.Append(string.Join(',', featureNames)).Append('\n');
        var line = 1;
        foreach (var row in rows)
        {
            line++;
            if (row.Count != featureNames.Count)
            {
                throw new ArgumentException($"Row {line - 1} has {row.Count} values for {featureNames.Count} features.", nameof(rows));
            }

            text.Append(string.Join(',', row.Select(value => value.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        }

        return text.ToString();
    }
}
