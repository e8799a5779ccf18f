using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Revisions;

/// <summary>
/// Follows the spec files a run read (<c>Modelplane:FollowSpecs</c>): when one changes, the directory is read again;
/// a spec that no longer reads is reported with its <c>file:line: field</c> and changes nothing, and an InferenceService
/// whose spec changed is rolled out to a new revision (<see cref="Rollouts"/>). A service added or removed takes a
/// restart of the AppHost, which says so.
/// </summary>
internal sealed partial class SpecWatcher(ModelplaneGraph graph, Rollouts rollouts, IHostApplicationLifetime lifetime, ILogger<SpecWatcher> logger) : IDisposable
{
    // Editors write a file in several steps; read it once they have settled.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private Timer? _debounce;

    public void Start()
    {
        if (!graph.FollowsSpecs)
        {
            return;
        }

        foreach (var directory in graph.SpecDirectories.Where(Directory.Exists).Distinct())
        {
            var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            watcher.Changed += (_, _) => Changed();
            watcher.Created += (_, _) => Changed();
            watcher.Renamed += (_, _) => Changed();
            watcher.Deleted += (_, _) => Changed();
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce?.Dispose();
        _reading.Dispose();
    }

    private void Changed()
    {
        lock (_lock)
        {
            _debounce?.Dispose();
            _debounce = new Timer(_ => _ = ReadAsync(), null, Settle, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ReadAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await _reading.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            foreach (var directory in graph.SpecDirectories.Distinct())
            {
                var read = SpecReader.ReadDirectory(directory);
                var errors = read.Diagnostics.Where(d => d.IsError).ToList();
                if (errors.Count > 0)
                {
                    foreach (var error in errors)
                    {
                        LogSpecError((error with { File = Path.GetRelativePath(Directory.GetCurrentDirectory(), error.File) }).ToString());
                    }

                    continue;
                }

                var services = graph.Resources<InferenceServiceResource>().Where(s => s.Spec.Source is { } source && source.File.StartsWith(directory, StringComparison.Ordinal)).ToList();
                foreach (var spec in read.Specs)
                {
                    if (services.FirstOrDefault(s => s.Spec.Name == spec.Name) is not { } service)
                    {
                        LogAdded(spec.Name);
                        continue;
                    }

                    if (rollouts.LastRead(service) is { } last && !last.Equals(spec))
                    {
                        await rollouts.RollOutAsync(service, spec, stopping);
                    }
                    else if (!rollouts.CanRollOut(service) && !service.Spec.Equals(spec))
                    {
                        LogNotFollowed(service.Name);
                    }
                }

                foreach (var removed in services.Where(s => read.Specs.All(spec => spec.Name != s.Spec.Name)))
                {
                    LogRemoved(removed.Name);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogReadFailed(e);
        }
        finally
        {
            _reading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "spec not applied; the running revision keeps serving: {Diagnostic}")]
    private partial void LogSpecError(string diagnostic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InferenceService {Name} is new in the specs; adding a service takes a restart of the AppHost")]
    private partial void LogAdded(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InferenceService {Name} is gone from the specs; it keeps running until the AppHost restarts")]
    private partial void LogRemoved(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InferenceService {Name} changed, but a spec with several revisions is not rolled out while the AppHost runs; restart it to apply the change")]
    private partial void LogNotFollowed(string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "reading the changed specs failed; the running revisions keep serving")]
    private partial void LogReadFailed(Exception exception);
}
