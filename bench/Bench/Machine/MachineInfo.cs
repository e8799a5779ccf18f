using System.Globalization;
using System.Runtime.InteropServices;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Machine;

/// <summary>What the figures were measured on, recorded beside them, because figures from another machine do not compare.</summary>
internal sealed record MachineInfo(
    string Processors,
    string CpuModel,
    string Memory,
    string Kernel,
    string OperatingSystem,
    string DotnetSdk,
    string DotnetRuntime,
    string Wrk,
    string H2load,
    string LoadAverage)
{
    public static async Task<MachineInfo> CollectAsync(string repositoryRoot, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        var nproc = await FirstLineAsync(["nproc"], repositoryRoot, tracker, cancellationToken);
        var sdk = await FirstLineAsync(["dotnet", "--version"], repositoryRoot, tracker, cancellationToken);

        // wrk -v prints its version, then its usage, and exits with 1: only the version part is wanted.
        var wrk = await FirstLineAsync(["wrk", "-v"], repositoryRoot, tracker, cancellationToken);
        var copyright = wrk.IndexOf(" Copyright", StringComparison.Ordinal);
        var h2load = await FirstLineAsync(["h2load", "--version"], repositoryRoot, tracker, cancellationToken);

        return new MachineInfo(
            Processors: string.IsNullOrEmpty(nproc) ? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) : nproc,
            CpuModel: ProcValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Memory: TotalMemory(),
            Kernel: ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            OperatingSystem: OsRelease() ?? RuntimeInformation.OSDescription,
            DotnetSdk: sdk,
            DotnetRuntime: RuntimeInformation.FrameworkDescription,
            Wrk: copyright > 0 ? wrk[..copyright] : wrk,
            H2load: h2load,
            LoadAverage: LoadAverageNow());
    }

    private static async Task<string> FirstLineAsync(string[] command, string workingDirectory, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        try
        {
            var (_, output) = await Executable.RunAsync(command, workingDirectory, tracker, cancellationToken);
            return output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }

    private static string? ProcValue(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault()
            : null;

    private static string TotalMemory()
    {
        var total = ProcValue("/proc/meminfo", "MemTotal");
        var kilobytes = total?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
            : "unknown";
    }

    private static string? OsRelease() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release")
                .Where(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                .Select(line => line["PRETTY_NAME=".Length..].Trim('"'))
                .FirstOrDefault()
            : null;

    /// <summary>The 1, 5 and 15 minute load averages: how busy the machine was with other work when the run began.</summary>
    private static string LoadAverageNow() =>
        ReadFirstLine("/proc/loadavg")?.Split(' ') is [var one, var five, var fifteen, ..] ? $"{one}, {five}, {fifteen}" : "unknown";

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;

    /// <summary>The rows every results file starts its table with: the machine, its system, .NET, and how busy it was.</summary>
    public IReadOnlyList<string> TableRows() =>
    [
        $"| machine | {Processors} CPUs (`nproc`), {CpuModel}, {Memory} memory |",
        $"| system | {OperatingSystem}, kernel {Kernel} |",
        $"| .NET | SDK {DotnetSdk}, runtime {DotnetRuntime} |",
        $"| load average | {LoadAverage} (1, 5 and 15 minutes) as the run began, before it started anything: more than a few tenths means other work shared the {Processors} CPUs |",
    ];
}
