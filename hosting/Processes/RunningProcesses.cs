using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// The processes DCP runs for the graph (every replica, the gateway, the store, the dashboard), by process id, so the
/// AppHost ends only once they have: Aspire's shutdown returns while DCP is still stopping them, and a run started at
/// once would find the gateway's port held by the last one's gateway.
/// </summary>
internal sealed class RunningProcesses(ResourceNotificationService notifications)
{
    private const string PidProperty = "executable.pid";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, ProcessIdentity> _processes = new(StringComparer.Ordinal);

    /// <summary>Follows the resources' process ids until <paramref name="stoppingToken"/> is cancelled.</summary>
    public void Start(CancellationToken stoppingToken) => _ = WatchAsync(stoppingToken);

    /// <summary>Waits until every process seen has exited, at most <paramref name="limit"/>; gives those still running.</summary>
    public async Task<IReadOnlyList<string>> WaitForExitAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var running = _processes.Where(p => p.Value.IsRunning()).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} (process {p.Value.Id})")).Order(StringComparer.Ordinal).ToList();
            if (running.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return running;
            }

            await Task.Delay(Interval);
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value is { } value
                    && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                    && (!_processes.TryGetValue(change.Resource.Name, out var known) || known.Id != pid)
                    && ProcessIdentity.Of(pid) is { } identity)
                {
                    _processes[change.Resource.Name] = identity;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A process id with the time the process started, so a later process given the same id is not taken for it.</summary>
    private sealed record ProcessIdentity(int Id, string StartTime)
    {
        public static ProcessIdentity? Of(int id) => StartTimeOf(id) is { } start ? new ProcessIdentity(id, start) : null;

        public bool IsRunning() => StartTimeOf(Id) == StartTime;

        // Field 22 of /proc/PID/stat, counted after the command name, which may itself hold spaces; a zombie has exited.
        private static string? StartTimeOf(int id)
        {
            try
            {
                var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{id}/stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[0] == "Z" ? null : fields[19];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
