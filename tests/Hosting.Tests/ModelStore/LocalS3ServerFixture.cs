using Modelplane.Hosting.ModelStore;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.ModelStore;

/// <summary>One real local S3 server per test class, on 127.0.0.1, with its data in a temporary directory; stopped after the class.</summary>
public sealed class LocalS3ServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("modelplane-s3");
    private LocalS3Server? _server;

    public LocalS3Server Server => _server ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Where the server keeps its objects.</summary>
    public string DataDirectory => _data.FullPath;

    public async Task InitializeAsync() => _server = await LocalS3Server.StartAsync(_data.FullPath);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>A client of the server, through the connection string the servers are given.</summary>
    public S3ObjectStore OpenStore() => S3ObjectStore.Open(S3Connection.Parse(Server.ConnectionString));

    /// <summary>A bucket name no other test uses.</summary>
    public static string NewBucket(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)];

    /// <summary>
    /// Rewrites a stored object's bytes in place, keeping its size and the ETag the server recorded when it was
    /// written: a store whose disk went bad. s3rver keeps each object as {data}/{bucket}/{key}._S3rver_object.
    /// </summary>
    public void CorruptStoredObject(string bucket, string key)
    {
        var file = StoredObjectFile(bucket, key);
        var bytes = File.ReadAllBytes(file);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(file, bytes);
    }

    /// <summary>The file s3rver keeps an object's bytes in.</summary>
    public string StoredObjectFile(string bucket, string key)
    {
        Assert.True(Server.Kind == "s3rver", $"this test rewrites s3rver's data files; the local store here is {Server.Kind}");
        var file = Path.Combine([DataDirectory, bucket, .. key.Split('/')]) + "._S3rver_object";
        Assert.True(File.Exists(file), $"s3rver keeps s3://{bucket}/{key} in {file}");
        return file;
    }
}
