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
}
