using System.Globalization;
using System.Text;
using Modelplane.Bench.Machine;

namespace Modelplane.Bench.Reporting;

/// <summary>
/// A benchmark's results file in <c>bench/results/</c>: it opens with the title, when and by which command it was
/// measured, and the machine's rows of the facts table, which the benchmark goes on to fill; then it is recorded.
/// </summary>
internal sealed class ResultsReport
{
    private readonly StringBuilder _text = new();

    public ResultsReport(string title, DateTimeOffset startedAt, BenchArguments arguments, MachineInfo machine)
    {
        var command = Environment.GetEnvironmentVariable("BENCH_COMMAND")
            ?? $"dotnet run -c Release --project bench/Bench -- {string.Join(' ', arguments.Raw)}";
        Line($"# {title}");
        Line(string.Empty);
        Line(string.Create(CultureInfo.InvariantCulture, $"Measured {startedAt:yyyy-MM-dd HH:mm zzz} by `{command}`."));
        Line(string.Empty);
        Line("| | |");
        Line("|---|---|");
        foreach (var row in machine.TableRows())
        {
            Line(row);
        }
    }

    /// <summary>Adds a line.</summary>
    public void Line(string text) => _text.Append(text).Append('\n');

    /// <summary>Adds text that ends its own lines, such as a table's markdown, with <c>\n</c> line ends.</summary>
    public void Append(string text) => _text.Append(text.ReplaceLineEndings("\n"));

    public override string ToString() => _text.ToString();

    /// <summary>Writes the report as <c>bench/results/{date}-{name}.md</c> under <paramref name="root"/> and says where.</summary>
    public async Task RecordAsync(string root, string name, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var relativePath = Path.Combine("bench", "results", $"{startedAt:yyyy-MM-dd}-{name}.md");
        Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
        await File.WriteAllTextAsync(Path.Combine(root, relativePath), ToString(), cancellationToken);
        Console.WriteLine();
        Console.WriteLine($"recorded in {relativePath}");
    }
}
