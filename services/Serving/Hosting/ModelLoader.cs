using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Hosting;

/// <summary>
/// Registers the models every <see cref="IModelProvider"/> finds and loads them in the background, so the server
/// answers health probes (not ready) while large models load.
/// </summary>
internal sealed partial class ModelLoader(
    IEnumerable<IModelProvider> providers,
    ModelRegistry registry,
    ServingReadiness readiness,
    ILogger<ModelLoader> logger,
    Repository.ModelRepositoryController? repository = null,
    Storage.ModelRepositorySource? source = null) : BackgroundService
{
    private const string Starting = "the server is still loading the models it starts with";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the first await, so no request finds the server listening and the registry not yet told.
        registry.MarkStarting(Starting);
        await Task.Yield();
        var models = new List<InferenceModel>();
        try
        {
            foreach (var provider in providers)
            {
                foreach (var model in provider.DiscoverModels())
                {
                    registry.Add(model);
                    models.Add(model);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server stays up and says why it is not ready, rather than dying with a stack trace.
            readiness.MarkDiscoveryFailed($"the models could not be found: {e.Message}");
            LogDiscoveryFailed(e);
        }

        foreach (var model in models)
        {
            await LoadAsync(model, logger, stoppingToken);
        }

        if (repository is not null && source is not null)
        {
            try
            {
                await SyncUntilReachedAsync(source, stoppingToken);
                await repository.StartAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                readiness.MarkDiscoveryFailed($"the model repository could not be read: {e.Message}");
                LogDiscoveryFailed(e);
            }
        }

        registry.MarkStarting(null);
        readiness.MarkInitialLoadDone();
        var all = registry.All;
        var ready = all.Count(m => m.IsReady);
        var state = readiness.Check() ?? "ready";
        LogServerState(ready, all.Count, state);
    }

    // A store that cannot be reached at start is tried again, ever less often, while the server says it is not
    // ready and why; Kubernetes would restart an init container in the same way.
    private async Task SyncUntilReachedAsync(Storage.ModelRepositorySource source, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await source.SyncAsync(cancellationToken);
                readiness.MarkWaiting(null);
                registry.MarkStarting(Starting);
                return;
            }
            catch (Storage.ModelStoreException e)
            {
                readiness.MarkWaiting($"{e.Message}; trying again in {delay.TotalSeconds:0} s");
                registry.MarkStarting($"the model store cannot be used yet ({e.Message})");
                LogStoreRetry(e.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}; trying again in {Seconds:0} s")]
    private partial void LogStoreRetry(string reason, double seconds);

    /// <summary>Loads a model and says how it went: ready with its inputs and outputs, or the reason it failed.</summary>
    internal static async Task LoadAsync(InferenceModel model, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await model.LoadAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (model.IsReady)
        {
            LogReady(logger, model.Name, model.Version, elapsed, model.Inputs, model.Outputs);
        }
        else if (model.State == ModelState.Failed)
        {
            LogFailed(logger, model.Name, model.Version, model.FailureReason);
            LogFailureDetail(logger, model.FailureException, model.Name, model.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "finding the models to load failed")]
    private partial void LogDiscoveryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version} ready in {ElapsedMs:F0} ms (inputs: {Inputs}; outputs: {Outputs})")]
    private static partial void LogReady(ILogger logger, string name, string version, double elapsedMs, IEnumerable<Protocol.TensorMetadata> inputs, IEnumerable<Protocol.TensorMetadata> outputs);

    [LoggerMessage(Level = LogLevel.Error, Message = "model {Name} version {Version} failed to load: {Reason}")]
    private static partial void LogFailed(ILogger logger, string name, string version, string? reason);

    // The reason above is what a user acts on; the stack trace is for a developer chasing a bug.
    [LoggerMessage(Level = LogLevel.Debug, Message = "model {Name} version {Version} load failure detail")]
    private static partial void LogFailureDetail(ILogger logger, Exception? exception, string name, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ready} of {Total} models ready; server {State}")]
    private partial void LogServerState(int ready, int total, string state);
}
