using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// KServe's storage initializer for the local graph: before a replica whose model is in an S3 store starts, the
/// AppHost fetches <c>STORAGE_URI</c> into the local cache with the servers' own storage code, and the replica serves
/// that directory as its model repository, as a pod serves what its init container put in <c>/mnt/models</c>. Replicas
/// of the same model share one fetch; a restarted replica reuses it, as a restarted container keeps its pod's volume.
/// The servers then skip the S3 client's start-up and the store answers one listing instead of one per replica. A
/// replica in poll mode is left to fetch, and watch, its store itself.
/// </summary>
internal sealed class StorageInitialization : IDisposable
{
    private const string StorageUri = StorageVariables.StorageUri;
    private const string StorageConnection = StorageVariables.StorageConnection;
    private const string CacheDirectory = StorageVariables.CacheDirectory;
    private const string ModelRepository = StorageVariables.ModelRepository;
    private const string ControlMode = "Serving__ModelControlMode";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _fetches = new(StringComparer.Ordinal);
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>
    /// The launch as it starts: unchanged unless its model is in an S3 store, else with the fetched repository in place
    /// of the store's location. A store that cannot give the model fails it with the store's reason.
    /// </summary>
    public async Task<ProcessLaunch> PrepareAsync(ProcessLaunch launch, CancellationToken cancellationToken)
    {
        var environment = launch.Environment;
        // A replica in poll mode watches its store for new versions itself, so it keeps the store's location.
        if (!environment.TryGetValue(StorageUri, out var uri) || !uri.StartsWith("s3://", StringComparison.Ordinal)
            || !environment.TryGetValue(StorageConnection, out var connection) || environment.ContainsKey(ModelRepository)
            || string.Equals(environment.GetValueOrDefault(ControlMode), "poll", StringComparison.OrdinalIgnoreCase))
        {
            return launch;
        }

        // The key holds everything the fetch reads, so replicas share it only when they would fetch the same thing.
        var settings = environment.Where(v => StorageVariables.ReadByStorageInitializer(v.Key) || v.Key == CacheDirectory)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList();
        var key = string.Join('\n', settings.Select(v => $"{v.Key}={v.Value}"));
        var fetch = _fetches.GetOrAdd(key, _ => new Lazy<Task<string>>(() => FetchAsync(settings, cancellationToken)));
        string repository;
        try
        {
            repository = await fetch.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or FormatException)
        {
            // The next replica, or a restart, tries again rather than keeping the failure.
            _fetches.TryRemove(KeyValuePair.Create(key, fetch));
            throw new InvalidOperationException($"the storage initializer could not fetch {uri} from '{connection}': {e.Message}", e);
        }

        var prepared = environment.Where(v => v.Key is not (StorageUri or StorageConnection)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        prepared[ModelRepository] = repository;
        return launch with { Environment = prepared };
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
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddModelStorage();
        var provider = services.BuildServiceProvider();
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return await provider.GetRequiredService<ModelRepositorySource>().SyncAsync(cancellationToken);
    }
}
