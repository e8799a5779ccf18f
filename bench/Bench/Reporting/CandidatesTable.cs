using System.Globalization;

namespace Modelplane.Bench.Reporting;

/// <summary>
/// A <see cref="ComparisonTable"/> with several candidates: each figure for the reference and every candidate, each
/// candidate's ratio to the reference, and the targets on those ratios with their verdicts.
/// </summary>
/// <param name="reference">The reference's column heading, and its short name for the ratio headings.</param>
/// <param name="candidates">Each candidate's column heading and short name, in column order.</param>
/// <param name="rows">The figures.</param>
internal sealed class CandidatesTable(
    (string Name, string Short) reference,
    IReadOnlyList<(string Name, string Short)> candidates,
    IReadOnlyList<CandidatesRow> rows)
{
    public IReadOnlyList<CandidatesRow> Rows => rows;

    /// <summary>Aligned columns for a terminal.</summary>
    public string ToText() => TextTable.ToText(Cells(), IsNumeric);

    public string ToMarkdown() => TextTable.ToMarkdown(Cells(), IsNumeric);

    // The reference, the candidates and their ratios; the figure and the target read as words.
    private bool IsNumeric(int column) => column >= 1 && column <= 2 * candidates.Count + 1;

    private List<string[]> Cells()
    {
        var cells = new List<string[]>
        {
            new[] { "figure", reference.Name }
                .Concat(candidates.Select(c => c.Name))
                .Concat(candidates.Select(c => $"{c.Short} ÷ {reference.Short}"))
                .Append("target")
                .ToArray(),
        };
        foreach (var row in rows)
        {
            var targets = Enumerable.Range(0, candidates.Count)
                .Where(c => row.Target(c) is not null)
                .Select(c => $"{candidates[c].Short} {row.Target(c)!.Describe()}: {row.Target(c)!.Verdict(row.Reference, row.Candidates[c])}");
            cells.Add(new[] { row.Figure, row.Reference.ToString(row.Format, CultureInfo.InvariantCulture) }
                .Concat(row.Candidates.Select(value => value.ToString(row.Format, CultureInfo.InvariantCulture)))
                .Concat(Enumerable.Range(0, candidates.Count).Select(c => string.Create(CultureInfo.InvariantCulture, $"{row.Ratio(c):0.00}×")))
                .Append(string.Join("; ", targets))
                .ToArray());
        }

        return cells;
    }
}
