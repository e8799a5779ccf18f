using System.Globalization;
using System.Text;

namespace Modelplane.Bench.Reporting;

/// <summary>The table every benchmark prints: each figure for the reference and the candidate, their ratio, and its target.</summary>
internal sealed class ComparisonTable(string referenceName, string candidateName, IReadOnlyList<ComparisonRow> rows)
{
    public IReadOnlyList<ComparisonRow> Rows => rows;

    /// <summary>Aligned columns for a terminal.</summary>
    public string ToText()
    {
        var cells = Cells();
        var widths = Enumerable.Range(0, cells[0].Length).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                // Numbers line up on the right, words on the left.
                var cell = c is >= 1 and <= 3 ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]);
                line.Append(cell).Append("   ");
            }

            text.AppendLine(line.ToString().TrimEnd());
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var cells = Cells();
        var text = new StringBuilder();
        text.AppendLine(Line(cells[0]));
        text.AppendLine("|---|--:|--:|--:|---|---|");
        foreach (var row in cells.Skip(1))
        {
            text.AppendLine(Line(row));
        }

        return text.ToString();

        static string Line(string[] row) => $"| {string.Join(" | ", row)} |";
    }

    private List<string[]> Cells()
    {
        var cells = new List<string[]> { new[] { "figure", referenceName, candidateName, "ratio", "target", string.Empty } };
        foreach (var row in rows)
        {
            cells.Add(
            [
                row.Figure,
                row.Reference.ToString(row.Format, CultureInfo.InvariantCulture),
                row.Candidate.ToString(row.Format, CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{row.Ratio:0.00}×"),
                row.Target?.Describe() ?? string.Empty,
                row.Target?.Verdict(row.Ratio) ?? string.Empty,
            ]);
        }

        return cells;
    }
}
