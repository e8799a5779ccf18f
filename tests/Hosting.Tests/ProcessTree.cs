using System.Globalization;

namespace Modelplane.Hosting.Tests;

/// <summary>
/// Processes read from Linux's <c>/proc</c>: the DCP that watches an AppHost (it runs <c>dcp ... --monitor {pid}</c>),
/// everything under a process, and a stop of exactly those processes, by their ids.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The DCP API server that watches <paramref name="appHost"/>, or null when there is none (yet).</summary>
    public static int? Watching(int appHost) =>
        All().Where(p => p.Arguments.Length > 1 && Path.GetFileName(p.Arguments[0]) == "dcp" && p.Arguments.Contains("start-apiserver", StringComparer.Ordinal)
                && ArgumentAfter(p.Arguments, "--monitor") == appHost.ToString(CultureInfo.InvariantCulture))
            .Select(p => (int?)p.Pid)
            .FirstOrDefault();

    /// <summary><paramref name="root"/> and every process under it; none when it is null.</summary>
    public static IReadOnlyList<int> Under(int? root)
    {
        if (root is null)
        {
            return [];
        }

        var parents = All().ToDictionary(p => p.Pid, p => p.Parent);
        var found = new List<int> { root.Value };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(parents.Where(p => p.Value == found[i]).Select(p => p.Key));
        }

        return found;
    }

    /// <summary>The command line of a process, or null when it is gone.</summary>
    public static string[]? Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The environment of a process, or an empty one when it is gone.</summary>
    public static IReadOnlyDictionary<string, string> Environment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Split('=', 2))
                .Where(v => v.Length == 2)
                .GroupBy(v => v[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Ends those of <paramref name="ids"/> still running (SIGKILL): what a failed test left behind.</summary>
    public static async Task StopAsync(IEnumerable<int> ids)
    {
        foreach (var id in ids.Where(ProcessAssert.IsRunning))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }

        await Task.CompletedTask;
    }

    private static string? ArgumentAfter(string[] arguments, string name)
    {
        var at = Array.IndexOf(arguments, name);
        return at >= 0 && at + 1 < arguments.Length ? arguments[at + 1] : null;
    }

    private static IEnumerable<(int Pid, int Parent, string[] Arguments)> All()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            int parent;
            string[] arguments;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces but ends at the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                continue;
            }

            yield return (pid, parent, arguments);
        }
    }
}
