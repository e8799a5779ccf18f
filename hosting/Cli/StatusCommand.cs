using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>status</c>: for the AppHost running from this directory, what <c>kubectl get inferenceservices</c> shows KServe
/// users (NAME, URL, READY, PREV, LATEST, AGE), plus the ready replicas of each revision.
/// </summary>
internal static class StatusCommand
{
    private static readonly string[] Headings = ["NAME", "URL", "READY", "PREV", "LATEST", "AGE", "REPLICAS"];

    public static Command Create(PlatformApplication application)
    {
        var status = new Command("status", "Show the InferenceServices of the running AppHost, their traffic and replicas");
        status.SetAction(_ => Print(application, Console.Out, DateTimeOffset.Now));
        return status;
    }

    public static int Print(PlatformApplication application, TextWriter output, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(output);
        var state = RunState.Read(application.DataDirectory);
        if (state is null || !IsRunning(state.ProcessId))
        {
            output.WriteLine($"No AppHost is running from {application.Builder.AppHostDirectory}; start one with: dotnet run --project AppHost");
            return 1;
        }

        var rows = new List<string[]> { Headings };
        foreach (var service in state.Services)
        {
            var latest = service.Revisions[^1];
            var latestReady = latest.Components.All(c => state.Replicas.Any(r => r.Resource == c && r.State == ReplicaState.Running));
            var previous = service.Revisions.Count > 1 ? service.Revisions.Take(service.Revisions.Count - 1).Sum(r => r.Percent).ToString(CultureInfo.InvariantCulture) : string.Empty;
            rows.Add(
            [
                service.Name,
                service.Url,
                latestReady ? "True" : "False",
                previous,
                latest.Percent.ToString(CultureInfo.InvariantCulture),
                Age(now - state.StartedAt),
                string.Join(", ", service.Revisions.Select(v => $"{v.Name} {Count(state, v, ReplicaState.Running)}/{Count(state, v, null)}")),
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

        foreach (var trouble in state.Replicas.Where(r => r.State is ReplicaState.BackingOff or ReplicaState.Failed))
        {
            output.WriteLine($"{trouble.Resource} #{trouble.Index}: {trouble.State}: {trouble.Message}");
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

    /// <summary>A revision's replicas are its predictor's (its first component), as KServe counts a revision's pods.</summary>
    private static int Count(RunState state, RunState.Revision revision, ReplicaState? only) =>
        state.Replicas.Count(r => revision.Components.Take(1).Contains(r.Resource) && (only is null || r.State == only));

    private static bool IsRunning(int processId)
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
