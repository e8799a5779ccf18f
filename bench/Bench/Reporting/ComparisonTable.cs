using System.Globalization;

namespace Modelplane.Bench.Reporting;

/// <summary>The table every benchmark prints: each figure for the reference and the candidate, their ratio, and its target.</summary>
internal sealed class ComparisonTable(string referenceName, string candidateName, IReadOnlyList<ComparisonRow> rows)
{
    public IReadOnlyList<ComparisonRow> Rows => rows;

    /// <summary>Aligned columns for a terminal.</summary>
    public string ToText() => TextTable.ToText(Cells(), IsNumeric);

    public string ToMarkdown() => TextTable.ToMarkdown(Cells(), IsNumeric);

    // The reference, the candidate and the ratio.
    private static bool IsNumeric(int column) => column is >= 1 and <= 3;

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
                row.Reference == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{row.Ratio:0.00}×"),
                row.Target?.Describe() ?? string.Empty,
                row.Target?.Verdict(row.Reference, row.Candidate) ?? string.Empty,
            ]);
        }

        return cells;
    }
}
