using System.Globalization;

namespace Modelplane.Bench.AppHost;

/// <summary>
/// The memory of every process a run of the AppHost has, read from Linux's <c>/proc</c>: the processes under the
/// <c>dotnet run</c> that started it, and those that watch one of them (DCP detaches from the AppHost and names what it
/// watches in <c>--monitor PID</c>), with what they run in turn. Each is counted by its part of the graph.
/// </summary>
internal sealed class GraphMemory
{
    /// <summary>The parts of a graph, in the order the tables show them; the wrapper is not part of the graph.</summary>
    public static readonly string[] Parts = ["AppHost", "DCP (orchestrator)", "dashboard", "model store", "gateway", "predictors", "explainers", "transformers", "other"];

    public const string Wrapper = "dotnet run";

    private GraphMemory(IReadOnlyList<ProcessMemory> processes) => Processes = processes;

    public IReadOnlyList<ProcessMemory> Processes { get; }

    /// <summary>Resident bytes of one part of the graph, summed over its processes.</summary>
    public long Rss(string part) => Processes.Where(p => p.Part == part).Sum(p => p.RssBytes);

    /// <summary>How many processes a part has.</summary>
    public int Count(string part) => Processes.Count(p => p.Part == part);

    /// <summary>Resident bytes of the whole graph, the <c>dotnet run</c> wrapper left out.</summary>
    public long TotalRss => Processes.Where(p => p.Part != Wrapper).Sum(p => p.RssBytes);

    /// <summary>
    /// Proportional bytes of the whole graph (a page shared by n processes counts 1/n in each): what the graph takes from
    /// the machine, where resident bytes count the runtime's shared pages once per process.
    /// </summary>
    public long TotalPss => Processes.Where(p => p.Part != Wrapper).Sum(p => p.PssBytes);

    /// <summary>Every process of the run started by <paramref name="rootId"/>.</summary>
    public static GraphMemory Of(int rootId)
    {
        var all = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .Select(id => (Id: id, Parent: ParentOf(id), Arguments: ArgumentsOf(id)))
            .Where(p => p.Arguments is not null)
            .ToList();
        var run = new HashSet<int> { rootId };
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var (id, parent, arguments) in all)
            {
                if (!run.Contains(id) && (run.Contains(parent) || Watched(arguments!).Any(run.Contains)))
                {
                    grown = run.Add(id) || grown;
                }
            }
        }

        return new GraphMemory([.. all.Where(p => run.Contains(p.Id)).Select(p => Measure(p.Id, p.Arguments!)).OfType<ProcessMemory>()]);
    }

    private static ProcessMemory? Measure(int id, string[] arguments)
    {
        var rss = Kilobytes($"/proc/{id}/status", "VmRSS:");
        var pss = Kilobytes($"/proc/{id}/smaps_rollup", "Pss:");
        return rss is null ? null : new ProcessMemory(id, PartOf(arguments), rss.Value * 1024, (pss ?? rss.Value) * 1024, string.Join(' ', arguments));
    }

    private static string PartOf(string[] arguments)
    {
        var line = string.Join(' ', arguments);
        bool Has(string text) => line.Contains(text, StringComparison.Ordinal);
        return true switch
        {
            _ when arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments[1] == "run" => Wrapper,
            _ when Has("Modelplane.AppHost") => "AppHost",
            _ when Path.GetFileName(arguments[0]) == "dcp" => "DCP (orchestrator)",
            _ when Has("Aspire.Dashboard") => "dashboard",
            _ when Has("s3rver") || Path.GetFileName(arguments[0]) == "minio" => "model store",
            _ when Has("Modelplane.Gateway") => "gateway",
            _ when Has("Modelplane.Predictor") => "predictors",
            _ when Has("Modelplane.Explainer") => "explainers",
            _ when Has("Modelplane.Transformer") => "transformers",
            _ => "other",
        };
    }

    // The processes a DCP process watches: the ids after --monitor and --child.
    private static IEnumerable<int> Watched(string[] arguments)
    {
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] is "--monitor" or "--child" && int.TryParse(arguments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                yield return id;
            }
        }
    }

    private static int ParentOf(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static string[]? ArgumentsOf(int id)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{id}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length == 0 ? null : arguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? Kilobytes(string file, string field)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>One process of a run: its part of the graph, resident and proportional bytes, and its command line.</summary>
internal sealed record ProcessMemory(int Id, string Part, long RssBytes, long PssBytes, string Command);
