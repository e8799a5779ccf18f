using System.Globalization;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Removes what killed runs left behind: Aspire gives each run's orchestrator (DCP) a session folder in the temporary
/// directory (<c>aspire-dcp*</c>), where DCP keeps the output of every process it runs, and deletes it when the AppHost
/// stops; an AppHost that was killed cannot, so its processes' whole output stayed there for good. At the start of a
/// run, a session folder is removed when it is older than <see cref="MinimumAge"/> and no running process of the user
/// names it on its command line or in its environment (DCP and its controllers carry its kubeconfig's path and
/// <c>DCP_SESSION_FOLDER</c>). Linux only: elsewhere nothing is removed.
/// </summary>
internal static class StaleDcpSessions
{
    /// <summary>Younger folders are left alone: another AppHost may have just made one and not yet started DCP.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    private const string Prefix = "aspire-dcp";

    /// <summary>Removes the stale session folders under <paramref name="temporary"/>; the folders removed.</summary>
    public static IReadOnlyList<string> Remove(string temporary, TimeSpan minimumAge)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(temporary))
        {
            return [];
        }

        var candidates = Directory.EnumerateDirectories(temporary, Prefix + "*")
            .Where(d => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(d) >= minimumAge)
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var inUse = ProcessTexts();
        var removed = new List<string>();
        foreach (var folder in candidates.Where(folder => !inUse.Any(text => text.Contains(folder, StringComparison.Ordinal))))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or in use after all: left as it is.
            }
        }

        return removed;
    }

    // The command line and environment of every process this user can read.
    private static List<string> ProcessTexts()
    {
        var texts = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            foreach (var file in (string[])["cmdline", "environ"])
            {
                try
                {
                    texts.Add(File.ReadAllText(Path.Combine(process, file)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone, or not ours.
                }
            }
        }

        return texts;
    }
}
