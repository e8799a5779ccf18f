using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;
using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Repository;

/// <summary>
/// Keeps the models served in step with the model repository: loads the versions a model's policy selects,
/// swaps in a version whose files changed once the new instance is warm, and drains and unloads versions that
/// left. The repository API (load, unload, index), the poller and start-up all go through it, one model at a time.
/// </summary>
public sealed partial class ModelRepositoryController(
    IOptions<ServingOptions> options,
    IModelFactory factory,
    ModelRegistry registry,
    ModelRepositorySource source,
    ILogger<ModelRepositoryController> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    // The files each loaded instance was loaded from, and those whose load failed, so a poll retries only on change.
    private readonly ConcurrentDictionary<(string Name, string Version), string> _loadedFrom = new();
    private readonly ConcurrentDictionary<(string Name, string Version), string> _failedFrom = new();

    /// <summary>The control mode in force.</summary>
    public ModelControlMode Mode => options.Value.ModelControlMode;

    private string Root => source.LocalPath ?? throw new InvalidOperationException("the model repository is used before it was synced");

    /// <summary>Loads what the mode says to load at start: every model, or in explicit mode the start-up models.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = Mode == ModelControlMode.Explicit ? options.Value.StartupModels : ModelNames();
        foreach (var name in names)
        {
            if (!ModelRepositoryScanner.IsValidName(name) || ModelRepositoryScanner.ScanModel(Root, name).Count == 0)
            {
                LogStartupModelMissing(name, string.Join(", ", ModelNames()));
                continue;
            }

            await ReconcileAsync(name, force: false, cancellationToken);
        }
    }

    /// <summary>
    /// Brings every model in line with the repository, as <c>poll</c> mode does on each tick: the store first (a
    /// store that cannot be reached leaves the cached models serving), then the models.
    /// </summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            await source.SyncAsync(cancellationToken);
        }
        catch (ModelStoreException e)
        {
            LogStoreUnavailable(e.Message);
        }

        foreach (var name in ModelNames().Union(registry.Names).ToList())
        {
            await ReconcileAsync(name, force: false, cancellationToken);
        }
    }

    /// <summary>The repository API's load: loads or reloads a model; a 404 when it is not in the repository, a 400 when it fails to load.</summary>
    public async Task LoadAsync(string name, CancellationToken cancellationToken)
    {
        EnsureApiAllowed("load");
        CheckName(name);
        if (ModelRepositoryScanner.ScanModel(Root, name).Count == 0)
        {
            throw InferenceException.NotFound($"model '{name}' is not in the model repository (it holds: {Describe(ModelNames())})");
        }

        var failures = await ReconcileAsync(name, force: true, cancellationToken);
        if (failures.Count > 0)
        {
            throw InferenceException.BadRequest($"model '{name}' failed to load: {string.Join("; ", failures)}");
        }
    }

    /// <summary>The repository API's unload: drains and unloads every version; a 404 when the model is not loaded.</summary>
    public async Task UnloadAsync(string name, CancellationToken cancellationToken)
    {
        EnsureApiAllowed("unload");
        CheckName(name);
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var versions = registry.Versions(name);
            if (versions.Count == 0)
            {
                throw InferenceException.NotFound($"model '{name}' is not loaded (loaded: {Describe(registry.Names)})");
            }

            foreach (var model in versions)
            {
                await RemoveAsync(model, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every model of the repository and every version loaded, with its state; only the ready ones when asked.</summary>
    public IReadOnlyList<RepositoryIndexEntry> Index(bool readyOnly)
    {
        var entries = new List<RepositoryIndexEntry>();
        var stored = source.LocalPath is null ? [] : ModelNames();
        foreach (var name in stored.Union(registry.Names).Order(StringComparer.Ordinal))
        {
            var versions = registry.Versions(name);
            if (versions.Count == 0)
            {
                entries.Add(new RepositoryIndexEntry(name, null, "UNAVAILABLE", "unloaded"));
            }

            entries.AddRange(versions.Select(m => new RepositoryIndexEntry(m.Name, m.Version, StateName(m.State), m.StateReason())));
        }

        return readyOnly ? [.. entries.Where(e => e.State == "READY")] : entries;
    }

    private static string StateName(ModelState state) => state switch
    {
        ModelState.Ready => "READY",
        ModelState.Pending or ModelState.Loading => "LOADING",
        ModelState.Unloading => "UNLOADING",
        _ => "UNAVAILABLE",
    };

    private static string Describe(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "no models";

    private static void CheckName(string name)
    {
        if (!ModelRepositoryScanner.IsValidName(name))
        {
            throw InferenceException.BadRequest($"'{name}' is not a model name: use letters, digits, '-', '_' and '.', not starting with '.'");
        }
    }

    private IReadOnlyList<string> ModelNames() =>
        [.. ModelRepositoryScanner.Scan(Root, logger).Select(e => e.Name).Distinct()];

    private void EnsureApiAllowed(string action)
    {
        if (Mode != ModelControlMode.Explicit)
        {
            throw InferenceException.BadRequest(
                $"cannot {action} models through the API in model control mode '{Mode.ToString().ToLowerInvariant()}'; set Serving:ModelControlMode to 'explicit'");
        }
    }

    // Loads the versions the policy selects (again when their files changed, or when forced after a failure),
    // swaps each new instance in once it is ready, and unloads versions no longer selected. Returns the failures.
    private async Task<List<string>> ReconcileAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var present = ModelRepositoryScanner.ScanModel(Root, name);
            var wanted = SelectVersions(present);
            var failures = new List<string>();
            foreach (var entry in wanted)
            {
                if (await LoadVersionAsync(entry, force, cancellationToken) is { } failure)
                {
                    failures.Add($"version {entry.Version}: {failure}");
                }
            }

            foreach (var model in registry.Versions(name).Where(m => !wanted.Any(e => e.Version == m.Version)).ToList())
            {
                LogVersionLeaving(name, model.Version);
                await RemoveAsync(model, cancellationToken);
            }

            return failures;
        }
        finally
        {
            gate.Release();
        }
    }

    private static IReadOnlyList<ModelVersionEntry> SelectVersions(IReadOnlyList<ModelVersionEntry> present)
    {
        if (present.Count == 0)
        {
            return present;
        }

        ModelVersionPolicy? policy;
        try
        {
            policy = ModelConfig.Load(present[0].ModelDirectory).VersionPolicy;
        }
        catch (InvalidDataException)
        {
            // The broken config.json fails each version's load, which reports it; no policy applies meanwhile.
            policy = null;
        }

        if (policy is null)
        {
            return present;
        }

        var numbers = policy.Select([.. present.Select(e => long.Parse(e.Version, CultureInfo.InvariantCulture))]);
        return [.. present.Where(e => numbers.Contains(long.Parse(e.Version, CultureInfo.InvariantCulture)))];
    }

    private async Task<string?> LoadVersionAsync(ModelVersionEntry entry, bool force, CancellationToken cancellationToken)
    {
        var key = (entry.Name, entry.Version);
        var files = Fingerprint(entry);
        var current = registry.Versions(entry.Name).FirstOrDefault(m => m.Version == entry.Version);
        if (current is not null && _loadedFrom.TryGetValue(key, out var loaded) && loaded == files && current.IsReady)
        {
            return null;
        }

        if (!force && _failedFrom.TryGetValue(key, out var failed) && failed == files)
        {
            return current?.IsReady == true ? null : current?.FailureReason;
        }

        var model = factory.Create(entry);
        await ModelLoader.LoadAsync(model, logger, cancellationToken);
        if (!model.IsReady)
        {
            _failedFrom[key] = files;
            if (current is null || !current.IsReady)
            {
                // Nothing serves this version: show the failure and its reason in its place.
                await ReplaceAsync(model, cancellationToken);
            }
            else
            {
                await model.UnloadAsync(cancellationToken);
            }

            return model.FailureReason;
        }

        _failedFrom.TryRemove(key, out _);
        _loadedFrom[key] = files;
        await ReplaceAsync(model, cancellationToken);
        if (current is not null)
        {
            LogSwapped(entry.Name, entry.Version);
        }

        return null;
    }

    private async Task ReplaceAsync(InferenceModel model, CancellationToken cancellationToken)
    {
        if (registry.AddOrReplace(model) is { } replaced)
        {
            await replaced.UnloadAsync(cancellationToken);
        }
    }

    private async Task RemoveAsync(InferenceModel model, CancellationToken cancellationToken)
    {
        // Drained while still registered, so requests naming it get "unloading" rather than "not served".
        await model.UnloadAsync(cancellationToken);
        registry.Remove(model);
        _loadedFrom.TryRemove((model.Name, model.Version), out _);
        _failedFrom.TryRemove((model.Name, model.Version), out _);
        LogUnloaded(model.Name, model.Version);
    }

    // What a version was loaded from: every file of the version directory and the model's config.json, by size and time.
    private static string Fingerprint(ModelVersionEntry entry)
    {
        var files = new DirectoryInfo(entry.VersionDirectory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Append(new FileInfo(Path.Combine(entry.ModelDirectory, ModelConfig.FileName)))
            .Where(f => f.Exists)
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => $"{f.FullName}:{f.Length}:{f.LastWriteTimeUtc.Ticks}");
        return string.Join('|', files);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version} swapped for its reloaded files")]
    private partial void LogSwapped(string name, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version} leaves: it is no longer in the repository or its version policy")]
    private partial void LogVersionLeaving(string name, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version} unloaded")]
    private partial void LogUnloaded(string name, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}; the models already loaded keep serving")]
    private partial void LogStoreUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "start-up model {Name} is not in the model repository (it holds: {Models})")]
    private partial void LogStartupModelMissing(string name, string models);
}
