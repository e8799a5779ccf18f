using System.Globalization;

namespace Modelplane.Bench.Processes;

/// <summary>The process listening on a port of 127.0.0.1: the socket's inode in <c>/proc/net/tcp</c>, then the process holding it.</summary>
internal static class ListeningProcess
{
    /// <summary>The process id, or null when nothing listens on <paramref name="port"/> or no process of this user holds the socket.</summary>
    public static int? Find(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inode = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f[1].EndsWith($":{hexPort}", StringComparison.Ordinal) && f[3] == "0A")?[9];
        if (inode is null)
        {
            return null;
        }

        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget == $"socket:[{inode}]"))
                {
                    return int.Parse(Path.GetFileName(process), CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
            }
        }

        return null;
    }
}
