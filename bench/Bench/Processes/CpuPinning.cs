using System.Globalization;

namespace Modelplane.Bench.Processes;

/// <summary>
/// Puts the server under test and the load generator on different CPUs (with taskset) so they do not steal
/// from each other, and every server gets the same single CPU, so reference and candidate compare fairly.
/// </summary>
internal sealed class CpuPinning
{
    private CpuPinning(int? serverCpu, int? loadCpu, string reason)
    {
        ServerCpu = serverCpu;
        LoadCpu = loadCpu;
        Reason = reason;
    }

    public int? ServerCpu { get; }

    public int? LoadCpu { get; }

    public bool Enabled => ServerCpu is not null;

    /// <summary>One line for the console and the results file.</summary>
    public string Description => Enabled
        ? $"server under test on CPU {ServerCpu}, wrk on CPU {LoadCpu} (taskset -c)"
        : $"none ({Reason}): server and wrk share the CPUs";

    private string Reason { get; }

    /// <summary>Pins to the first two CPUs this process may use, when there are two and taskset is installed.</summary>
    public static CpuPinning Detect()
    {
        var cpus = AllowedCpus();
        if (cpus.Count < 2)
        {
            return new CpuPinning(null, null, $"{cpus.Count} CPU available, 2 needed");
        }

        return Executable.IsOnPath("taskset")
            ? new CpuPinning(cpus[0], cpus[1], string.Empty)
            : new CpuPinning(null, null, "taskset not found");
    }

    /// <summary>No pinning, for a benchmark that measures memory rather than speed: the server runs as it would anywhere.</summary>
    public static CpuPinning None(string reason) => new(null, null, reason);

    public IReadOnlyList<string> ForServer(IReadOnlyList<string> command) => Wrap(ServerCpu, command);

    public IReadOnlyList<string> ForLoad(IReadOnlyList<string> command) => Wrap(LoadCpu, command);

    private static IReadOnlyList<string> Wrap(int? cpu, IReadOnlyList<string> command) =>
        cpu is { } c ? ["taskset", "-c", c.ToString(CultureInfo.InvariantCulture), .. command] : command;

    /// <summary>The kernel's list (e.g. <c>0-1,4</c>) rather than a count, because pinning needs the CPU numbers themselves.</summary>
    private static List<int> AllowedCpus()
    {
        const string Prefix = "Cpus_allowed_list:";
        var line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            : null;
        if (line is null)
        {
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        }

        var cpus = new List<int>();
        foreach (var range in line[Prefix.Length..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = range.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            for (var cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return cpus;
    }
}
