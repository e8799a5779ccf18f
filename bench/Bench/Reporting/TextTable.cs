using System.Text;

namespace Modelplane.Bench.Reporting;

/// <summary>Lays rows of cells out as aligned columns for a terminal and as a Markdown table: numbers align right, words left.</summary>
internal static class TextTable
{
    /// <summary>The first row is the header; <paramref name="isNumeric"/> says which columns hold numbers.</summary>
    public static string ToText(IReadOnlyList<string[]> cells, Func<int, bool> isNumeric)
    {
        var widths = Enumerable.Range(0, cells[0].Length).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                var cell = isNumeric(c) ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]);
                line.Append(cell).Append("   ");
            }

            text.AppendLine(line.ToString().TrimEnd());
        }

        return text.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<string[]> cells, Func<int, bool> isNumeric)
    {
        var text = new StringBuilder();
        text.AppendLine(Line(cells[0]));
        text.AppendLine($"|{string.Join('|', Enumerable.Range(0, cells[0].Length).Select(c => isNumeric(c) ? "--:" : "---"))}|");
        foreach (var row in cells.Skip(1))
        {
            text.AppendLine(Line(row));
        }

        return text.ToString();

        static string Line(string[] row) => $"| {string.Join(" | ", row)} |";
    }
}
