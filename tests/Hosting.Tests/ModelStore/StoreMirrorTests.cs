using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.ModelStore;

/// <summary>
/// The storage initializer's mirror against a real local S3 server: what it downloads, what it keeps, what it removes,
/// and what it refuses (keys escaping the model directory, objects failing their checksum), with the download
/// verification of <see cref="S3ObjectStore"/>. Lives here, not in Serving.Tests, because the local server is hosting's.
/// </summary>
public sealed class StoreMirrorTests(LocalS3ServerFixture store) : IClassFixture<LocalS3ServerFixture>, IDisposable
{
    private const string Prefix = "iris/";

    private static readonly Dictionary<string, byte[]> Model = new(StringComparer.Ordinal)
    {
        ["1/model.onnx"] = RandomNumberGenerator.GetBytes(300_000),
        ["1/extra/vocab.txt"] = "setosa\nversicolor\nvirginica\n"u8.ToArray(),
        ["config.json"] = """{"labels":["setosa","versicolor","virginica"]}"""u8.ToArray(),
    };

    private readonly TemporaryDirectory _local = new();
    private readonly string _bucket = LocalS3ServerFixture.NewBucket("mirror");
    private readonly ConcurrentQueue<string> _downloads = new();

    public void Dispose() => _local.Dispose();

    private string Target => _local.Combine("cache", "iris");

    private string Source => $"s3://{_bucket}/iris";

    [Fact]
    public async Task The_first_mirror_downloads_everything_and_a_second_downloads_nothing()
    {
        await PutModelAsync();

        var first = await MirrorAsync();

        Assert.Equal(new MirrorReport(3, Model.Values.Sum(v => v.LongLength), 0, 0), first);
        AssertLocalCopyIs(Model);
        Assert.True(File.Exists(Path.Combine(Target, StoreMirror.ManifestName)));

        var second = await MirrorAsync();

        Assert.Equal(new MirrorReport(0, 0, 3, 0), second);
        Assert.Equal(3, _downloads.Count);
        AssertLocalCopyIs(Model);
    }

    [Fact]
    public async Task A_changed_object_is_downloaded_again_and_nothing_else_is()
    {
        await PutModelAsync();
        await MirrorAsync();
        var changed = RandomNumberGenerator.GetBytes(Model["1/model.onnx"].Length);

        await PutAsync("1/model.onnx", changed);
        var report = await MirrorAsync();

        Assert.Equal(new MirrorReport(1, changed.Length, 2, 0), report);
        Assert.Equal(Prefix + "1/model.onnx", _downloads.Last());
        AssertLocalCopyIs(new Dictionary<string, byte[]>(Model) { ["1/model.onnx"] = changed });
    }

    [Fact]
    public async Task An_object_deleted_from_the_store_is_removed_from_the_copy()
    {
        await PutModelAsync();
        await MirrorAsync();
        using (var client = store.Server.Connection.CreateClient())
        {
            await client.DeleteObjectAsync(_bucket, Prefix + "1/extra/vocab.txt");
        }

        var report = await MirrorAsync();

        Assert.Equal(new MirrorReport(0, 0, 2, 1), report);
        AssertLocalCopyIs(Model.Where(m => m.Key != "1/extra/vocab.txt").ToDictionary());
        Assert.False(Directory.Exists(Path.Combine(Target, "1", "extra")), "the emptied directory stays behind");
    }

    [Theory]
    [InlineData("iris/../evil")]
    [InlineData("iris/1/../../../evil")]
    [InlineData("iris//evil")]
    [InlineData("iris/./evil")]
    [InlineData("iris/1/..")]
    public async Task A_key_that_would_land_outside_the_model_directory_is_refused_and_nothing_changes(string key)
    {
        await PutModelAsync();
        await MirrorAsync();
        var before = Snapshot(_local.FullPath);

        // S3 and MinIO store any key; s3rver cannot keep this one on its disk, so the listing carries it in beside the real objects.
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => MirrorAsync(extra: new StoredObject(key, 4, "\"0123456789abcdef0123456789abcdef\"")));

        Assert.Equal($"{Source}: object '{key}' would land outside the model directory; it is refused, and nothing was downloaded", error.Message);
        Assert.Equal(3, _downloads.Count);
        Assert.Equal(before, Snapshot(_local.FullPath));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(Target, key[Prefix.Length..].TrimStart('/')))), "the refused object was written");
    }

    [Fact]
    public async Task A_corrupted_object_is_rejected_and_the_previous_copy_is_untouched()
    {
        await PutModelAsync();
        await MirrorAsync();
        var manifest = File.ReadAllBytes(Path.Combine(Target, StoreMirror.ManifestName));
        var newModel = RandomNumberGenerator.GetBytes(Model["1/model.onnx"].Length);
        var newConfig = """{"labels":["a","b","c"]}"""u8.ToArray();
        await PutAsync("1/model.onnx", newModel);
        await PutAsync("config.json", newConfig);
        store.CorruptStoredObject(_bucket, Prefix + "config.json");

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => MirrorAsync());

        Assert.Contains($"download of {Source}/config.json does not match its checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was not used", error.Message, StringComparison.Ordinal);

        // The good new model.onnx was downloaded before the corrupt object failed, and still did not become visible.
        Assert.Equal([Prefix + "1/model.onnx", Prefix + "config.json"], _downloads.Skip(3));
        AssertLocalCopyIs(Model);
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(Target, StoreMirror.ManifestName)));

        // Once the store holds whole bytes again, both changes arrive.
        await PutAsync("config.json", newConfig);
        var repaired = await MirrorAsync();

        Assert.Equal(2, repaired.Downloaded);
        AssertLocalCopyIs(new Dictionary<string, byte[]>(Model) { ["1/model.onnx"] = newModel, ["config.json"] = newConfig });
    }

    [Fact]
    public async Task Two_mirrors_of_the_same_directory_at_once_both_succeed_and_the_files_are_whole()
    {
        var files = new Dictionary<string, byte[]>(Model) { ["1/weights.bin"] = RandomNumberGenerator.GetBytes(8 * 1024 * 1024) };
        foreach (var (relative, content) in files)
        {
            await PutAsync(relative, content);
        }

        var reports = await Task.WhenAll(Task.Run(() => MirrorAsync()), Task.Run(() => MirrorAsync()));

        // One mirrors while the other waits on the lock, then finds the copy current.
        Assert.Equal([0, 4], reports.Select(r => r.Downloaded).Order());
        Assert.Equal(4, _downloads.Count);
        AssertLocalCopyIs(files);
    }

    private async Task PutModelAsync()
    {
        foreach (var (relative, content) in Model)
        {
            await PutAsync(relative, content);
        }
    }

    private async Task PutAsync(string relative, byte[] content)
    {
        var file = _local.Combine($"upload-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, content);
        using var objects = store.OpenStore();
        await objects.EnsureBucketAsync(_bucket, CancellationToken.None);
        await objects.UploadAsync(_bucket, Prefix + relative, file, null, CancellationToken.None);
        File.Delete(file);
    }

    // As the storage initializer mirrors a repository prefix: each object goes to its key below the prefix, in key order as S3 lists them.
    private async Task<MirrorReport> MirrorAsync(StoredObject? extra = null)
    {
        using var objects = store.OpenStore();
        var listed = (await objects.ListAsync(_bucket, Prefix, CancellationToken.None)).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        var mirror = new StoreMirror(NullLogger<StoreMirror>.Instance);
        return await mirror.MirrorAsync(
            Source,
            extra is null ? listed : [.. listed, extra],
            Target,
            o => o.Key[Prefix.Length..],
            async (o, path, progress, cancellationToken) =>
            {
                _downloads.Enqueue(o.Key);
                await objects.DownloadAsync(_bucket, o, path, progress, cancellationToken);
            },
            CancellationToken.None);
    }

    // The copy holds exactly these files (besides the manifest), each byte for byte, and no staging directory.
    private void AssertLocalCopyIs(IReadOnlyDictionary<string, byte[]> expected)
    {
        var present = Directory.GetFiles(Target, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Target, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != StoreMirror.ManifestName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), present);
        foreach (var (relative, content) in expected)
        {
            Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine([Target, .. relative.Split('/')]))), $"{relative} differs from the stored object");
        }

        Assert.Empty(Directory.GetDirectories(Target, ".staging-*"));
    }

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
