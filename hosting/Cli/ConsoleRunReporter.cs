using System.Collections.Concurrent;
using System.Globalization;
using Modelplane.Hosting.Orchestration;
using Spectre.Console;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// The run's console: one line when a resource becomes healthy, and one for every replica that exits, fails or comes
/// back, each with its reason; nothing else, since each replica's own output goes to its log file.
/// </summary>
internal sealed class ConsoleRunReporter(IAnsiConsole console, int nameWidth) : IRunObserver
{
    private readonly ConcurrentDictionary<(string Resource, int Index), ReplicaState> _last = new();

    public void ReplicaChanged(ReplicaStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var previous = _last.TryGetValue((status.Resource, status.Index), out var state) ? state : (ReplicaState?)null;
        _last[(status.Resource, status.Index)] = status.State;
        var name = status.Index == 0 ? status.Resource : $"{status.Resource} #{status.Index}";
        var line = status.State switch
        {
            ReplicaState.Running when previous == ReplicaState.Running => null,
            ReplicaState.Running => $"[green]✓[/] {Markup.Escape(name.PadRight(nameWidth))}  {Markup.Escape(Where(status))}",
            ReplicaState.BackingOff => $"[yellow]![/] {Markup.Escape(name.PadRight(nameWidth))}  {Markup.Escape(status.Message ?? "exited")}",
            ReplicaState.Failed => $"[red]✗[/] {Markup.Escape(name.PadRight(nameWidth))}  {Markup.Escape(status.Message ?? "failed")}",
            ReplicaState.Starting when status.Message is { } message => $"  {Markup.Escape(name.PadRight(nameWidth))}  {Markup.Escape(message)}",
            _ => null,
        };
        if (line is not null)
        {
            console.MarkupLine(line);
        }
    }

    private static string Where(ReplicaStatus status)
    {
        var http = status.Endpoints.TryGetValue("http", out var address) ? address.ToString().TrimEnd('/') : status.Message ?? "running";
        var grpc = status.Endpoints.TryGetValue("grpc", out var g) ? string.Create(CultureInfo.InvariantCulture, $" (gRPC :{g.Port})") : string.Empty;
        var restarts = status.Restarts > 0 ? string.Create(CultureInfo.InvariantCulture, $", after {status.Restarts} restart{(status.Restarts == 1 ? string.Empty : "s")}") : string.Empty;
        return $"{http}{grpc}{restarts}";
    }
}
