using System.Collections.Concurrent;
using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Models;

/// <summary>The models a server holds, by name and version, and which version answers when none is named.</summary>
public sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<string, InferenceModel[]> _models = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private volatile string? _startingReason;

    /// <summary>Every model version, ordered by name then version.</summary>
    public IReadOnlyList<InferenceModel> All =>
        [.. _models.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value)];

    /// <summary>The names of the models held.</summary>
    public IReadOnlyList<string> Names => [.. _models.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Says the server is still finding and loading the models it starts with, and why it is not done
    /// (<paramref name="reason"/>); null once it is. Meanwhile a model it does not hold yet is a 503 saying so, not a
    /// 404: it may well be one of those still to come.
    /// </summary>
    public void MarkStarting(string? reason) => _startingReason = reason;

    /// <summary>Adds a model version; a second model with the same name and version is a programming error.</summary>
    public void Add(InferenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_writeLock)
        {
            var versions = _models.TryGetValue(model.Name, out var existing) ? existing : [];
            if (Array.Exists(versions, m => m.Version == model.Version))
            {
                throw new InvalidOperationException($"model '{model.Name}' version {model.Version} is already registered");
            }

            _models[model.Name] = [.. versions.Append(model).OrderBy(m => m.Version, VersionComparer.Instance)];
        }
    }

    /// <summary>
    /// Adds a model version, or replaces the instance serving that version (a reload); returns the replaced instance,
    /// which the caller unloads. New requests reach the new instance from the moment this returns.
    /// </summary>
    public InferenceModel? AddOrReplace(InferenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_writeLock)
        {
            var versions = _models.TryGetValue(model.Name, out var existing) ? existing : [];
            var replaced = Array.Find(versions, m => m.Version == model.Version);
            _models[model.Name] = [.. versions.Where(m => m != replaced).Append(model).OrderBy(m => m.Version, VersionComparer.Instance)];
            return replaced;
        }
    }

    /// <summary>Removes a model version instance, if it is still the one registered.</summary>
    public void Remove(InferenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_writeLock)
        {
            if (!_models.TryGetValue(model.Name, out var versions) || !versions.Contains(model))
            {
                return;
            }

            if (versions.Length == 1)
            {
                _models.TryRemove(model.Name, out _);
            }
            else
            {
                _models[model.Name] = [.. versions.Where(m => m != model)];
            }
        }
    }

    /// <summary>
    /// Resolves a model as <see cref="Resolve"/> does and takes a lease on it for one request. When no version is
    /// named and the chosen one is being unloaded (a swap to a new version), it resolves again, so a swap fails no
    /// request; otherwise a model that is not ready is a 503 naming why.
    /// </summary>
    public ModelLease Acquire(string name, string? version = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var model = Resolve(name, version);
            if (model.TryAcquire())
            {
                return new ModelLease(model);
            }

            if (!string.IsNullOrEmpty(version) || attempt >= 3 || model.State is not (ModelState.Unloading or ModelState.Unloaded))
            {
                model.EnsureReady();
            }
        }
    }

    /// <summary>The versions of a model, oldest first; empty when the name is unknown.</summary>
    public IReadOnlyList<InferenceModel> Versions(string name) => _models.TryGetValue(name, out var versions) ? versions : [];

    /// <summary>
    /// The model that answers for a name and optional version: the named version, or else the newest ready
    /// version (the newest of all when none is ready, so its error says why). A 404 names what exists; while the
    /// server is still starting, an unknown name is a 503 instead (see <see cref="MarkStarting"/>).
    /// </summary>
    public InferenceModel Resolve(string name, string? version = null)
    {
        if (!_models.TryGetValue(name, out var versions) || versions.Length == 0)
        {
            if (_startingReason is { } starting)
            {
                throw InferenceException.Unavailable($"model '{name}' is not loaded yet: {starting}; try again shortly");
            }

            throw InferenceException.NotFound(_models.IsEmpty
                ? $"model '{name}' is not served here (no models are loaded)"
                : $"model '{name}' is not served here (models: {string.Join(", ", Names)})");
        }

        if (string.IsNullOrEmpty(version))
        {
            return Array.FindLast(versions, m => m.IsReady) ?? Array.FindLast(versions, m => m.State is not (ModelState.Unloading or ModelState.Unloaded)) ?? versions[^1];
        }

        return Array.Find(versions, m => m.Version == version)
            ?? throw InferenceException.NotFound($"model '{name}' has no version '{version}' (versions: {string.Join(", ", versions.Select(m => m.Version))})");
    }

    /// <summary>Orders versions numerically where both are numbers, else by text.</summary>
    internal sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y) =>
            long.TryParse(x, out var a) && long.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
    }
}
