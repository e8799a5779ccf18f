using System.Globalization;

namespace Modelplane.Hosting.Processes;

/// <summary>Which process listens on a TCP port, read from Linux's <c>/proc</c>: the socket's inode, then the process holding it.</summary>
internal static class ListeningProcess
{
    private const string Listen = "0A";
    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>"process 1234 (dotnet Modelplane.Gateway.dll)", or null when it cannot be told.</summary>
    public static string? Find(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var inode = Tables.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[3] == Listen && fields[1].EndsWith(":" + port.ToString("X4", CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(fields => fields[9])
            .FirstOrDefault();
        if (inode is null)
        {
            return null;
        }

        var socket = $"socket:[{inode}]";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Directory.EnumerateFiles(Path.Combine(directory, "fd")).Any(fd => new FileInfo(fd).LinkTarget == socket))
                {
                    var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                    return string.Create(CultureInfo.InvariantCulture, $"process {pid} ({command})");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to read, or gone meanwhile.
            }
        }

        return null;
    }
}
