using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Storage;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Revisions;

/// <summary>
/// For a service that asks to follow its model (<see cref="ModelplaneAnnotations.FollowModelVersions"/>), looks at what
/// the local store holds under the predictor's storage URI every few seconds; when that changes (a new version, changed
/// files), the service is rolled out to a new revision, whose storage initializer fetches what the store holds now.
/// </summary>
internal sealed partial class ModelVersionWatcher(
    ModelplaneGraph graph,
    Rollouts rollouts,
    LocalStorageInitializer initializer,
    Aspire.Hosting.ApplicationModel.ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    ILogger<ModelVersionWatcher> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    public void Start()
    {
        var followed = graph.Resources<InferenceServiceResource>()
            .Where(s => s.Spec.Annotations.Find(ModelplaneAnnotations.FollowModelVersions) is { } value && bool.TryParse(value, out var on) && on)
            .ToList();
        foreach (var service in followed)
        {
            _ = FollowAsync(service, lifetime.ApplicationStopping);
        }
    }

    private async Task FollowAsync(InferenceServiceResource service, CancellationToken stoppingToken)
    {
        if (!rollouts.CanRollOut(service) || service.Components.FirstOrDefault(c => c.Role == ComponentRole.Predictor) is not { Store: { } store, StorageUri: { } uri })
        {
            LogCannotFollow(service.Name);
            return;
        }

        string? seen = null;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            // From the first time it serves: the store has been filled with the graph's models by then.
            await notifications.WaitForResourceAsync(service.Name, Aspire.Hosting.ApplicationModel.KnownResourceStates.Running, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (store.Server is not { } server)
                {
                    continue;
                }

                string now;
                try
                {
                    using var objects = S3ObjectStore.Open(server.Connection);
                    var models = await StoreListing.ListAsync(objects, StorageUri.Parse(uri), stoppingToken);
                    now = string.Join(";", models.Select(m => $"{m.Name}:{string.Join(',', m.Versions)}:{m.Files}:{m.Bytes}"));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is not up yet, or restarting: the next look tells.
                    LogLookFailed(service.Name, uri, e.Message);
                    continue;
                }

                // Nothing there yet (the store is still being filled) is not a version to roll out.
                if (now.Length == 0)
                {
                    continue;
                }

                if (seen is not null && now != seen)
                {
                    LogChanged(service.Name, uri, seen, now);
                    initializer.Forget(uri);
                    await rollouts.RollOutAsync(service, rollouts.LastRead(service)!, stoppingToken);
                }

                seen = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: {Uri} changed in the store ({Before} → {After}); rolling out a revision that serves it")]
    private partial void LogChanged(string service, string uri, string before, string after);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service}: could not list {Uri} in the store: {Reason}")]
    private partial void LogLookFailed(string service, string uri, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: asks to follow its model's versions, but only a service read from a spec file with one revision, whose model is in the local store, can (Modelplane:FollowSpecs on)")]
    private partial void LogCannotFollow(string service);
}
