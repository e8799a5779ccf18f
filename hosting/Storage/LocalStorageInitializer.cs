using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Storage;

/// <summary>
/// KServe's storage initializer for a local run: before a replica whose model is in an S3 store starts, the AppHost
/// fetches <c>STORAGE_URI</c> into the local cache with the servers' own storage code, and the replica serves that
/// directory as its model repository, as a pod serves what its init container put in <c>/mnt/models</c>. Components of
/// the same model share one fetch; a restarted replica reuses it, as a restarted container keeps its pod's volume. A
/// component in poll mode is left to fetch, and watch, its store itself.
/// </summary>
internal sealed class LocalStorageInitializer : IDisposable
{
    private const string ControlMode = "Serving__ModelControlMode";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _fetches = new(StringComparer.Ordinal);
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>
    /// Fetches the component's model once its store is ready, unless it is fetched already; afterwards its replicas
    /// serve <see cref="ComponentResource.LocalModelRepository"/>. A store that cannot give the model fails with its reason.
    /// </summary>
    public async Task PrepareAsync(ComponentResource component, IReadOnlyDictionary<string, EnvironmentValue> environment, Func<ModelStoreResource, CancellationToken, Task> storeReady, CancellationToken cancellationToken)
    {
        if (component.Store is not { } store || component.StorageUri is not { } uri || !uri.StartsWith("s3://", StringComparison.Ordinal)
            || string.Equals(environment.GetValueOrDefault(ControlMode)?.Text, "poll", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // The store is filled with the graph's models once it is ready; Aspire's own wait for it comes after this step.
        await storeReady(store, cancellationToken);

        // The key holds everything the fetch reads, so components share it only when they would fetch the same thing.
        var settings = environment.Where(v => StorageVariables.ReadByStorageInitializer(v.Key) || v.Key == StorageVariables.CacheDirectory)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => KeyValuePair.Create(v.Key, v.Value.Text))
            .ToList();
        var key = string.Join('\n', settings.Select(v => $"{v.Key}={v.Value}"));
        var fetch = _fetches.GetOrAdd(key, _ => new Lazy<Task<string>>(() => FetchAsync(settings, CancellationToken.None)));
        try
        {
            component.LocalModelRepository = await fetch.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or FormatException)
        {
            // The next start tries again rather than keeping the failure.
            _fetches.TryRemove(KeyValuePair.Create(key, fetch));
            throw new InvalidOperationException($"the storage initializer could not fetch {uri} from '{store.Name}': {e.Message}", e);
        }
    }

    /// <summary>Forgets what was fetched from <paramref name="storageUri"/>, so the next start fetches what the store holds now.</summary>
    public void Forget(string storageUri)
    {
        foreach (var key in _fetches.Keys.Where(k => k.Split('\n').Contains($"{StorageVariables.StorageUri}={storageUri}", StringComparer.Ordinal)))
        {
            _fetches.TryRemove(key, out _);
        }
    }

    public void Dispose()
    {
        lock (_providers)
        {
            foreach (var provider in _providers)
            {
                provider.Dispose();
            }
        }
    }

    private async Task<string> FetchAsync(IEnumerable<KeyValuePair<string, string>> settings, CancellationToken cancellationToken)
    {
        // The variables the replica would read, read the way it reads them (double underscores are section separators).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
            .Build();
        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddModelStorage()
            .BuildServiceProvider();
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return await provider.GetRequiredService<ModelRepositorySource>().SyncAsync(cancellationToken);
    }
}
