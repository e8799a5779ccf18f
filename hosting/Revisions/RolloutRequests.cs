using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.InferenceServices;

namespace Modelplane.Hosting.Revisions;

/// <summary>
/// Promote and roll back asked from another process (<c>dotnet run --project AppHost -- rollout promote NAME</c>): the
/// command leaves <c>{NAME}.promote</c> or <c>{NAME}.rollback</c> in the run's <c>rollouts</c> folder, the running
/// AppHost does it and answers in <c>{NAME}.{action}.result</c>: <c>ok: ...</c> or <c>error: ...</c>.
/// </summary>
internal sealed partial class RolloutRequests(ModelplaneGraph graph, Rollouts rollouts, IHostApplicationLifetime lifetime, ILogger<RolloutRequests> logger) : IDisposable
{
    public const string Promote = "promote";
    public const string Rollback = "rollback";
    public const string ResultSuffix = ".result";

    private FileSystemWatcher? _watcher;

    /// <summary>Where the requests and their answers are for the AppHost of <paramref name="graph"/>.</summary>
    public static string Folder(ModelplaneGraph graph) => Path.Combine(graph.DataDirectory, "rollouts");

    public void Start()
    {
        var folder = Folder(graph);
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder))
        {
            File.Delete(stale);
        }

        _watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true };
        _watcher.Created += (_, e) => _ = AnswerAsync(e.FullPath);
        _watcher.Renamed += (_, e) => _ = AnswerAsync(e.FullPath);
    }

    public void Dispose() => _watcher?.Dispose();

    private async Task AnswerAsync(string path)
    {
        var name = Path.GetFileName(path);
        var action = Path.GetExtension(name).TrimStart('.');
        if (action is not (Promote or Rollback))
        {
            return;
        }

        var serviceName = Path.GetFileNameWithoutExtension(name);
        string answer;
        try
        {
            File.Delete(path);
            answer = graph.Resources<InferenceServiceResource>().FirstOrDefault(s => s.Spec.Name == serviceName) is not { } service
                ? $"error: this AppHost runs no InferenceService named '{serviceName}'"
                : await (action == Promote ? rollouts.PromoteAsync(service, lifetime.ApplicationStopping) : rollouts.RollBackAsync(service, lifetime.ApplicationStopping)) is { } problem
                    ? $"error: {problem}"
                    : $"ok: {serviceName}: {(action == Promote ? "promoted" : "rolled back")}; revisions now {string.Join(", ", service.Spec.Revisions.Select(r => $"{r.Name} {r.TrafficPercent}%"))}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            answer = $"error: {e.Message}";
        }

        try
        {
            var result = path + ResultSuffix;
            await File.WriteAllTextAsync(result + ".new", answer + "\n");
            File.Move(result + ".new", result, overwrite: true);
        }
        catch (IOException e)
        {
            LogAnswerFailed(name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not answer the rollout request {Request}: {Reason}")]
    private partial void LogAnswerFailed(string request, string reason);
}
