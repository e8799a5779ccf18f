using Modelplane.Serving.Repository;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>What a store holds under a prefix, as models with their versions, files and sizes.</summary>
public static class StoreListing
{
    /// <summary>One model in the store.</summary>
    public sealed record StoredModel(string Name, IReadOnlyList<long> Versions, int Files, long Bytes);

    /// <summary>
    /// Groups the objects under <paramref name="location"/> by model: a prefix holding version directories is one
    /// model; otherwise each first-level directory under it is a model.
    /// </summary>
    public static async Task<IReadOnlyList<StoredModel>> ListAsync(S3ObjectStore store, StorageUri location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(location);
        var prefix = location.Prefix.Length == 0 ? string.Empty : location.Prefix + "/";
        var objects = (await store.ListAsync(location.Bucket, prefix, cancellationToken)).Where(o => !o.Key.EndsWith('/')).ToList();
        var relative = objects.Select(o => (Path: o.Key[prefix.Length..].Split('/'), o.Size)).ToList();
        var isOneModel = location.Prefix.Length > 0 && relative.Any(r => r.Path.Length > 1 && ModelRepositoryScanner.VersionNumber(r.Path[0]) > 0);
        var modelName = location.Prefix.Split('/')[^1];
        return [.. relative
            .Select(r => isOneModel ? (Model: modelName, Tail: r.Path, r.Size) : (Model: r.Path[0], Tail: r.Path[1..], r.Size))
            .Where(r => r.Tail.Length > 0)
            .GroupBy(r => r.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StoredModel(
                g.Key,
                [.. g.Where(r => r.Tail.Length > 1).Select(r => ModelRepositoryScanner.VersionNumber(r.Tail[0])).Where(v => v > 0).Distinct().Order()],
                g.Count(),
                g.Sum(r => r.Size)))];
    }
}
