using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Modelplane.Serving.Storage;

/// <summary>
/// Keeps a local directory an exact copy of a store's objects. A manifest of ETags and sizes means an unchanged
/// store downloads nothing; changed objects are downloaded to a staging directory and verified before any of them
/// becomes visible, so a failed or corrupt download leaves the previous copy serving. One process mirrors a
/// directory at a time (a lock file), so several servers can share a cache.
/// </summary>
public sealed partial class StoreMirror(ILogger<StoreMirror> logger)
{
    /// <summary>The manifest's file name inside the mirrored directory.</summary>
    public const string ManifestName = ".modelplane-store.json";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Mirrors <paramref name="objects"/> into <paramref name="target"/>. <paramref name="place"/> maps each object to
    /// its path relative to the target (or null to leave it out); <paramref name="download"/> fetches one object.
    /// </summary>
    public async Task<MirrorReport> MirrorAsync(
        string source,
        IReadOnlyList<StoredObject> objects,
        string target,
        Func<StoredObject, string?> place,
        Func<StoredObject, string, Action<long>, CancellationToken, Task> download,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(download);
        target = Path.GetFullPath(target);
        Directory.CreateDirectory(target);
        using var mirrorLock = await AcquireLockAsync(target + ".lock", cancellationToken);

        var wanted = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        foreach (var stored in objects)
        {
            if (place(stored) is { } relative)
            {
                wanted[CheckInside(target, relative, source, stored.Key)] = stored;
            }
        }

        var manifest = ReadManifest(target);
        var changed = wanted.Where(w => !IsCurrent(target, w.Key, w.Value, manifest)).ToList();
        var staging = Path.Combine(target, $".staging-{Guid.NewGuid():N}");
        long bytes = 0;
        try
        {
            foreach (var (relative, stored) in changed)
            {
                var staged = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                await download(stored, staged, Progress(source, stored), cancellationToken);
                bytes += stored.Size;
            }

            // Every download is verified before any is moved into place: a failure leaves the old copy whole.
            foreach (var (relative, _) in changed)
            {
                var destination = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(Path.Combine(staging, relative), destination, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        var removed = 0;
        foreach (var relative in manifest.Objects.Keys.Where(k => !wanted.ContainsKey(k)))
        {
            var path = Path.Combine(target, relative);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed++;
            }
        }

        RemoveEmptyDirectories(target);
        WriteManifest(target, new Manifest(source, wanted.ToDictionary(w => w.Key, w => new ManifestEntry(w.Value.Key, w.Value.Size, w.Value.ETag))));
        var report = new MirrorReport(changed.Count, bytes, wanted.Count - changed.Count, removed);
        if (report.Downloaded > 0 || report.Removed > 0)
        {
            LogMirrored(source, report.Downloaded, report.DownloadedBytes, report.Unchanged, report.Removed);
        }
        else
        {
            LogCurrent(source, report.Unchanged);
        }

        return report;
    }

    // An object's place must stay inside the target: a key such as "../../x" is refused, not followed.
    private static string CheckInside(string target, string relative, string source, string key)
    {
        var segments = relative.Split('/');
        var full = Path.GetFullPath(Path.Combine(target, relative));
        if (relative.Length == 0 || Path.IsPathRooted(relative) || segments.Any(s => s is "" or "." or "..")
            || !full.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ModelStoreException($"{source}: object '{key}' would land outside the model directory; it is refused, and nothing was downloaded");
        }

        return string.Join('/', segments);
    }

    private static bool IsCurrent(string target, string relative, StoredObject stored, Manifest manifest) =>
        manifest.Objects.TryGetValue(relative, out var entry)
        && entry.Size == stored.Size
        && entry.ETag == stored.ETag
        && new FileInfo(Path.Combine(target, relative)) is { Exists: true } file
        && file.Length == stored.Size;

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another server is mirroring the same store into this cache; it will leave it current.
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static Manifest ReadManifest(string target)
    {
        var path = Path.Combine(target, ManifestName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ManifestJsonContext.Default.Manifest) ?? Manifest.Empty : Manifest.Empty;
        }
        catch (JsonException)
        {
            // A damaged manifest only costs a fresh download.
            return Manifest.Empty;
        }
    }

    private static void WriteManifest(string target, Manifest manifest)
    {
        var path = Path.Combine(target, ManifestName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Default.Manifest));
        File.Move(temporary, path, overwrite: true);
    }

    private static void RemoveEmptyDirectories(string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            RemoveEmptyDirectories(child);
            if (!Directory.EnumerateFileSystemEntries(child).Any())
            {
                Directory.Delete(child);
            }
        }
    }

    private Action<long> Progress(string source, StoredObject stored)
    {
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        return received =>
        {
            if (clock.Elapsed - reported >= ProgressInterval && received < stored.Size)
            {
                reported = clock.Elapsed;
                var percent = received * 100 / Math.Max(stored.Size, 1);
                LogProgress(source, stored.Key, percent, received / 1048576.0, stored.Size / 1048576.0);
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: downloading {Key}: {Percent}% ({ReceivedMb:F1} of {TotalMb:F1} MB)")]
    private partial void LogProgress(string source, string key, long percent, double receivedMb, double totalMb);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: downloaded {Downloaded} files ({Bytes} bytes), {Unchanged} already current, {Removed} removed")]
    private partial void LogMirrored(string source, int downloaded, long bytes, int unchanged, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: the cached copy is current ({Files} files); nothing downloaded")]
    private partial void LogCurrent(string source, int files);

    internal sealed record Manifest(string Source, Dictionary<string, ManifestEntry> Objects)
    {
        public static Manifest Empty { get; } = new(string.Empty, []);
    }

    internal sealed record ManifestEntry(string Key, long Size, string ETag);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(Manifest))]
    internal sealed partial class ManifestJsonContext : JsonSerializerContext;
}
