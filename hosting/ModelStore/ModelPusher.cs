using System.Security.Cryptography;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>Uploads a local model directory (or a whole repository) under an S3 prefix, file by file, large files in parts.</summary>
public sealed class ModelPusher(S3ObjectStore store)
{
    /// <summary>The files a push sends, with the key each goes to; hidden files and a mirror's manifest stay behind.</summary>
    public static IReadOnlyList<(string File, string Key, long Size)> Plan(string sourceDirectory, StorageUri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!Directory.Exists(sourceDirectory))
        {
            throw new DirectoryNotFoundException(File.Exists(sourceDirectory)
                ? $"'{sourceDirectory}' is a file; push a model directory ({{model}}/{{version}}/model.onnx, or a repository of them)"
                : $"'{sourceDirectory}' does not exist");
        }

        if (destination.Scheme != StorageScheme.S3)
        {
            throw new FormatException($"'{destination}' is not an S3 location; push to s3://bucket/prefix");
        }

        var root = Path.GetFullPath(sourceDirectory);
        var prefix = destination.Prefix.Length == 0 ? string.Empty : destination.Prefix + "/";
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => (File: file, Relative: Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => !f.Relative.Split('/').Any(segment => segment.StartsWith('.')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.File, prefix + f.Relative, new FileInfo(f.File).Length))];
    }

    /// <summary>Sends every planned file, creating the bucket when it is missing; <paramref name="progress"/> gets each file's bytes sent.</summary>
    public async Task PushAsync(
        StorageUri destination,
        IReadOnlyList<(string File, string Key, long Size)> files,
        Action<string, long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(files);
        await store.EnsureBucketAsync(destination.Bucket, cancellationToken);
        foreach (var (file, key, _) in files)
        {
            await store.UploadAsync(destination.Bucket, key, file, sent => progress?.Invoke(key, sent), cancellationToken);
        }
    }

    /// <summary>
    /// Sends the files of <paramref name="sourceDirectory"/> that the store lacks or holds otherwise (another size, or
    /// an ETag that is not the file's MD5); gives how many it sent. A start with an unchanged model sends nothing.
    /// </summary>
    public async Task<int> SyncAsync(string sourceDirectory, StorageUri destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var files = Plan(sourceDirectory, destination);
        await store.EnsureBucketAsync(destination.Bucket, cancellationToken);
        var stored = (await store.ListAsync(destination.Bucket, destination.Prefix, cancellationToken)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var changed = new List<(string File, string Key, long Size)>();
        foreach (var file in files)
        {
            if (!stored.TryGetValue(file.Key, out var existing) || existing.Size != file.Size || !await HasMd5Async(file.File, existing.ETag, cancellationToken))
            {
                changed.Add(file);
            }
        }

        await PushAsync(destination, changed, null, cancellationToken);
        return changed.Count;
    }

    private static async Task<bool> HasMd5Async(string file, string etag, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
#pragma warning disable CA5351 // S3 gives a single-part object's MD5 as its ETag; comparing with it protects nothing.
        var md5 = Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken));
#pragma warning restore CA5351
        return string.Equals(etag.Trim('"'), md5, StringComparison.OrdinalIgnoreCase);
    }
}
