using System.Diagnostics;
using System.Text;

namespace Modelplane.Bench.Processes;

/// <summary>Runs short commands (version queries and the like) to completion and returns what they printed.</summary>
internal static class Executable
{
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));

    /// <summary>Fails the benchmark, saying how to get it, unless the load generator <paramref name="tool"/> is on PATH.</summary>
    public static void Require(string tool, string package, string benchmark)
    {
        if (!IsOnPath(tool))
        {
            throw new BenchmarkException($"{tool} is not installed; `bash bench/run {benchmark}` installs it with apt-get install -y {package}");
        }
    }

    /// <summary>The command as a shell line a person can paste: arguments with spaces or shell characters in single quotes.</summary>
    public static string Display(IEnumerable<string> command) => string.Join(' ', command.Select(argument =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'"));

    /// <summary>Runs <paramref name="command"/>; stdout and stderr come back together, as a person would see them.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        IReadOnlyList<string> command,
        string workingDirectory,
        ChildProcessTracker tracker,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        tracker.Track(process);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            ChildProcessTracker.Kill(process);
            tracker.Forget(process);
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
