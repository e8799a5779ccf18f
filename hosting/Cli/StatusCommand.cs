using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>status</c>: for the AppHost running from this directory, what <c>kubectl get inferenceservices</c> shows KServe
/// users (NAME, URL, READY, PREV, LATEST, AGE), plus the ready replicas of each revision.
/// </summary>
internal static class StatusCommand
{
    private static readonly string[] Headings = ["NAME", "URL", "READY", "PREV", "LATEST", "AGE", "REPLICAS"];

    public static Command Create(Func<ModelplaneGraph> graph)
    {
        var status = new Command("status", "Show the InferenceServices of the running AppHost, their traffic and replicas");
        status.SetAction(_ => Print(graph(), Console.Out, DateTimeOffset.Now));
        return status;
    }

    public static int Print(ModelplaneGraph graph, TextWriter output, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(output);
        var state = RunState.Read(graph.DataDirectory);
        if (state is null || !IsRunning(state.ProcessId))
        {
            output.WriteLine($"No AppHost is running from {graph.AppHostDirectory}; start one with: dotnet run --project AppHost");
            return 1;
        }

        var rows = new List<string[]> { Headings };
        foreach (var service in state.Services)
        {
            var latest = service.Revisions[^1];
            // A component scaled to zero serves: the gateway holds a request while a replica starts.
            var latestReady = latest.Components.Count > 0 && latest.Components.All(replicas => replicas.Count == 0 || replicas.Any(r => IsReady(state, r)));
            var previous = service.Revisions.Count > 1 ? service.Revisions.Take(service.Revisions.Count - 1).Sum(r => r.Percent).ToString(CultureInfo.InvariantCulture) : string.Empty;
            rows.Add(
            [
                service.Name,
                service.Url,
                latestReady ? "True" : "False",
                previous,
                latest.Percent.ToString(CultureInfo.InvariantCulture),
                Age(now - state.StartedAt),
                string.Join(", ", service.Revisions.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Name} {Predictor(v).Count(r => IsReady(state, r))}/{Predictor(v).Count}"))),
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("   ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        if (state.Gateway is { } gateway)
        {
            output.WriteLine();
            output.WriteLine($"gateway: {gateway} (send Host: NAME.NAMESPACE.{state.Domain}, or use /v1/models/NAME and /v2/models/NAME paths)");
        }

        foreach (var process in state.Processes.Where(p => !p.Ready || p.Restarts > 0))
        {
            var restarts = process.Restarts switch
            {
                0 => string.Empty,
                1 => ", restarted 1 time",
                var count => string.Create(CultureInfo.InvariantCulture, $", restarted {count} times"),
            };
            output.WriteLine($"{process.Resource}: {(process.Ready ? "ready" : $"not ready ({process.State})")}{restarts}");
        }

        return 0;
    }

    /// <summary>An age as kubectl prints one: 45s, 12m, 3h, 2d.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalSeconds)}s"),
        { TotalHours: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m"),
        { TotalDays: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d"),
    };

    private static bool IsReady(RunState state, string process) => state.Processes.Any(p => p.Resource == process && p.Ready);

    /// <summary>A revision's replicas are its predictor's (its first component), as KServe counts a revision's pods.</summary>
    private static IReadOnlyList<string> Predictor(RunState.Revision revision) => revision.Components.Count > 0 ? revision.Components[0] : [];

    internal static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
