namespace Modelplane.Serving.Storage;

/// <summary>
/// Where models come from, as KServe's <c>storageUri</c> names it: <c>s3://bucket/prefix</c>, <c>file:///path</c>
/// or a plain path, or <c>http(s)://host/.../model.onnx</c> for a single file.
/// </summary>
public sealed record StorageUri
{
    private StorageUri(StorageScheme scheme, string original)
    {
        Scheme = scheme;
        Original = original;
    }

    /// <summary>The kind of store.</summary>
    public StorageScheme Scheme { get; }

    /// <summary>The URI as given.</summary>
    public string Original { get; }

    /// <summary>The S3 bucket.</summary>
    public string Bucket { get; private init; } = string.Empty;

    /// <summary>The S3 key prefix, without a leading slash; empty for a whole bucket.</summary>
    public string Prefix { get; private init; } = string.Empty;

    /// <summary>The local directory or file, for <see cref="StorageScheme.File"/>.</summary>
    public string LocalPath { get; private init; } = string.Empty;

    /// <summary>The address, for <see cref="StorageScheme.Http"/>.</summary>
    public Uri? HttpAddress { get; private init; }

    /// <summary>True when models must be copied to a local cache before they load.</summary>
    public bool IsRemote => Scheme != StorageScheme.File;

    /// <summary>Parses a storage URI; a <see cref="FormatException"/> says what is wrong and what would work.</summary>
    public static StorageUri Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("the storage URI is empty; give s3://bucket/prefix, file:///path, a path, or an http(s) URL of a model file");
        }

        value = value.Trim();
        var colon = value.IndexOf("://", StringComparison.Ordinal);
        if (colon < 0)
        {
            return new StorageUri(StorageScheme.File, value) { LocalPath = CheckLocal(value, value) };
        }

        var scheme = value[..colon].ToLowerInvariant();
        var rest = value[(colon + 3)..];
        switch (scheme)
        {
            case "s3":
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                var bucket = slash < 0 ? rest : rest[..slash];
                var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
                if (bucket.Length == 0)
                {
                    throw new FormatException($"storage URI '{value}' names no bucket; write s3://bucket/prefix");
                }

                CheckSegments(value, prefix);
                return new StorageUri(StorageScheme.S3, value) { Bucket = bucket, Prefix = prefix.TrimEnd('/') };
            case "file":
                return new StorageUri(StorageScheme.File, value) { LocalPath = CheckLocal(value, Uri.UnescapeDataString(rest)) };
            case "http" or "https":
                // Checked before parsing: Uri folds '..' (and %2E%2E) away, which would name another file silently.
                var slashAt = rest.IndexOf('/', StringComparison.Ordinal);
                CheckSegments(value, Uri.UnescapeDataString(slashAt < 0 ? string.Empty : rest[slashAt..].Split('?', '#')[0]));
                if (!Uri.TryCreate(value, UriKind.Absolute, out var address) || string.IsNullOrEmpty(Path.GetFileName(address.AbsolutePath)))
                {
                    throw new FormatException($"storage URI '{value}' must name a file, such as https://host/models/iris/model.onnx");
                }

                return new StorageUri(StorageScheme.Http, value) { HttpAddress = address };
            default:
                throw new FormatException(
                    $"storage URI '{value}': {scheme}:// stores are not supported here; push the model to an S3 store (s3://...), or use a file path or an http(s) URL");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Original;

    private static string CheckLocal(string value, string path)
    {
        CheckSegments(value, path);
        return path;
    }

    // A '..' could reach outside the store or the cache; it is never needed to name a model.
    private static void CheckSegments(string value, string path)
    {
        if (path.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw new FormatException($"storage URI '{value}' has a '..' segment; name the model's location without one");
        }
    }
}
