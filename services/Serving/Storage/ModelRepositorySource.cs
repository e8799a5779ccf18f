using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Storage;

/// <summary>
/// The storage initializer: turns the configured model location into a local model repository, as KServe's
/// storage initializer fills <c>/mnt/models</c>. A local directory is used in place; an S3 prefix or an
/// http(s) file is mirrored into a cache directory keyed by its URI (see <see cref="StoreMirror"/>). KServe's
/// single-model form (<c>STORAGE_URI</c> and <c>--model_name</c>) becomes a repository of that one model.
/// </summary>
public sealed partial class ModelRepositorySource(
    IOptions<ServingOptions> options,
    IConfiguration configuration,
    StoreMirror mirror,
    IHttpClientFactory httpClients,
    ILogger<ModelRepositorySource> logger)
{
    private readonly Lazy<(StorageUri Uri, string? SingleModel)> _location = new(() => Locate(options.Value));

    /// <summary>The local repository directory, once the first <see cref="SyncAsync"/> has succeeded.</summary>
    public string? LocalPath { get; private set; }

    /// <summary>Where the models come from, for messages.</summary>
    public StorageUri Uri => _location.Value.Uri;

    /// <summary>The parsed location: the repository, or the single model's URI and its name.</summary>
    internal static (StorageUri Uri, string? SingleModel) Locate(ServingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ModelRepository))
        {
            var repository = StorageUri.Parse(options.ModelRepository);
            return repository.Scheme == StorageScheme.Http
                ? throw new FormatException($"Serving:ModelRepository '{options.ModelRepository}' is one file; give it as STORAGE_URI with --model_name NAME for a single model")
                : (repository, null);
        }

        if (!string.IsNullOrWhiteSpace(options.StorageUri))
        {
            return string.IsNullOrWhiteSpace(options.ModelName)
                ? throw new FormatException("STORAGE_URI is set but the model has no name: pass --model_name NAME or set Serving:ModelName")
                : (StorageUri.Parse(options.StorageUri), options.ModelName);
        }

        throw new FormatException(
            "no model repository: pass --model-repository DIR (or an s3:// URI), or set STORAGE_URI with --model_name NAME, or set Serving:ModelRepository (Serving__ModelRepository in the environment)");
    }

    /// <summary>Brings the local repository up to date with the store; a <see cref="ModelStoreException"/> says what failed.</summary>
    public async Task<string> SyncAsync(CancellationToken cancellationToken)
    {
        var (uri, singleModel) = _location.Value;
        LocalPath = uri.Scheme switch
        {
            StorageScheme.File => UseLocal(uri, singleModel),
            StorageScheme.S3 => await MirrorS3Async(uri, singleModel, cancellationToken),
            _ => await MirrorHttpAsync(uri, singleModel!, cancellationToken),
        };
        return LocalPath;
    }

    private string UseLocal(StorageUri uri, string? singleModel)
    {
        var path = Path.GetFullPath(uri.LocalPath);
        if (!Directory.Exists(path))
        {
            throw new ModelStoreException(File.Exists(path)
                ? $"the model repository '{path}' is a file; it must be a directory holding {{model}}/{{version}}/ directories"
                : $"the model repository '{path}' does not exist");
        }

        if (singleModel is null)
        {
            return path;
        }

        // One model's directory becomes a repository of it through links, without copying the model.
        var view = CacheDirectory(uri, singleModel);
        var link = IsVersioned(Directory.EnumerateDirectories(path).Select(Path.GetFileName).OfType<string>())
            ? Path.Combine(view, singleModel)
            : Path.Combine(view, singleModel, "1");
        if (Directory.Exists(link) || File.Exists(link))
        {
            Directory.Delete(link);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, path);
        return view;
    }

    private async Task<string> MirrorS3Async(StorageUri uri, string? singleModel, CancellationToken cancellationToken)
    {
        var connection = S3Connection.FromConfiguration(configuration, options.Value.StorageConnection);
        using var store = S3ObjectStore.Open(connection);
        var prefix = uri.Prefix.Length == 0 ? string.Empty : uri.Prefix + "/";
        var objects = (await store.ListAsync(uri.Bucket, prefix, cancellationToken)).Where(o => !o.Key.EndsWith('/')).ToList();
        Func<StoredObject, string> relative = o => o.Key[prefix.Length..];
        if (objects.Count == 0 && uri.Prefix.Length > 0)
        {
            // The URI may name one object rather than a prefix.
            objects = [.. (await store.ListAsync(uri.Bucket, uri.Prefix, cancellationToken)).Where(o => o.Key == uri.Prefix)];
            relative = o => Path.GetFileName(o.Key);
        }

        if (objects.Count == 0)
        {
            throw new ModelStoreException(
                $"{uri}: nothing is stored there (store at {connection}); push a model first: dotnet run --project AppHost -- models push DIR {uri}");
        }

        var target = CacheDirectory(uri, singleModel);
        var versioned = singleModel is null || IsVersioned(objects.Select(o => relative(o).Split('/')[0]));
        await mirror.MirrorAsync(
            uri.Original,
            objects,
            target,
            o => Place(relative(o), singleModel, versioned),
            (o, path, progress, ct) => store.DownloadAsync(uri.Bucket, o, path, progress, ct),
            cancellationToken);
        return target;
    }

    private async Task<string> MirrorHttpAsync(StorageUri uri, string singleModel, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(nameof(ModelRepositorySource));
        var address = uri.HttpAddress!;
        StoredObject stored;
        try
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, address), cancellationToken);
            if (!head.IsSuccessStatusCode)
            {
                throw new ModelStoreException($"{uri}: the server answered {(int)head.StatusCode} {head.ReasonPhrase}");
            }

            stored = new StoredObject(address.AbsolutePath, head.Content.Headers.ContentLength ?? -1, head.Headers.ETag?.Tag ?? head.Content.Headers.LastModified?.ToString("R") ?? string.Empty);
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException($"{uri}: the server is unreachable ({e.Message})", e);
        }

        var target = CacheDirectory(uri, singleModel);
        var name = Path.GetFileName(address.AbsolutePath);
        await mirror.MirrorAsync(uri.Original, [stored], target, _ => $"{singleModel}/1/{name}", (o, path, progress, ct) => DownloadHttpAsync(client, uri, o, path, progress, ct), cancellationToken);
        return target;
    }

    private static async Task DownloadHttpAsync(HttpClient client, StorageUri uri, StoredObject stored, string path, Action<long> progress, CancellationToken cancellationToken)
    {
        long written = 0;
        try
        {
            using var response = await client.GetAsync(uri.HttpAddress, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.Create(path);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                written += read;
                progress(written);
            }
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException($"{uri}: the download failed ({e.Message})", e);
        }

        if (stored.Size >= 0 && written != stored.Size)
        {
            throw new ModelStoreException($"download of {uri} is incomplete: {written} of {stored.Size} bytes arrived; it was not used");
        }
    }

    // A single model's files go under {name}/: as they are when the store holds version directories,
    // else as version 1, with config.json beside the versions where the repository layout wants it.
    private static string Place(string relative, string? singleModel, bool versioned) =>
        singleModel is null || versioned ? (singleModel is null ? relative : $"{singleModel}/{relative}")
        : relative == ModelConfig.FileName ? $"{singleModel}/{ModelConfig.FileName}"
        : $"{singleModel}/1/{relative}";

    private static bool IsVersioned(IEnumerable<string> firstSegments) =>
        firstSegments.Any(segment => ModelRepositoryScanner.VersionNumber(segment) > 0);

    private string CacheDirectory(StorageUri uri, string? singleModel)
    {
        var root = options.Value.StorageCacheDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "modelplane",
                "stores");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{uri.Original}\n{singleModel}")))[..16];
        var directory = Path.Combine(root, key);
        Directory.CreateDirectory(directory);
        LogCache(uri.Original, directory);
        return directory;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Uri} is cached in {Directory}")]
    private partial void LogCache(string uri, string directory);
}
