using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Modelplane.Hosting.ModelStore;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.ModelStore;

/// <summary>The local S3 server the AppHost and the tests share: it starts, answers real S3 requests, and stops.</summary>
public sealed class LocalS3ServerTests
{
    [Fact]
    public async Task Starts_answers_through_its_connection_string_and_is_gone_after_dispose()
    {
        using var data = new TemporaryDirectory("modelplane-s3");
        using var files = new TemporaryDirectory();
        var server = await LocalS3Server.StartAsync(data.FullPath);
        int processId;
        Uri endpoint;
        await using (server)
        {
            processId = server.ProcessId;
            endpoint = server.Endpoint;
            Assert.True(IsRunning(processId), $"{server.Kind} runs as process {processId}");
            Assert.Equal(IPAddress.Loopback.ToString(), endpoint.Host);
            Assert.NotEqual(0, endpoint.Port);

            var connection = S3Connection.Parse(server.ConnectionString);
            Assert.Equal(endpoint, connection.Endpoint);
            var content = RandomNumberGenerator.GetBytes(100_000);
            File.WriteAllBytes(files.Combine("upload.bin"), content);
            using (var store = S3ObjectStore.Open(connection))
            {
                await store.EnsureBucketAsync("round-trip", CancellationToken.None);
                await store.UploadAsync("round-trip", "iris/1/model.onnx", files.Combine("upload.bin"), null, CancellationToken.None);

                var stored = Assert.Single(await store.ListAsync("round-trip", "iris/", CancellationToken.None));
                Assert.Equal("iris/1/model.onnx", stored.Key);
                Assert.Equal(content.Length, stored.Size);
                Assert.Equal(ETag.Of(content), stored.ETag.Trim('"'));

                await store.DownloadAsync("round-trip", stored, files.Combine("download.bin"), null, CancellationToken.None);
                Assert.Equal(content, File.ReadAllBytes(files.Combine("download.bin")));
            }
        }

        Assert.False(IsRunning(processId), $"process {processId} still runs after the server was disposed");
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(endpoint));
    }

    [Fact]
    public async Task Two_servers_get_their_own_ports_and_their_own_data()
    {
        using var firstData = new TemporaryDirectory("modelplane-s3");
        using var secondData = new TemporaryDirectory("modelplane-s3");
        await using var first = await LocalS3Server.StartAsync(firstData.FullPath);
        await using var second = await LocalS3Server.StartAsync(secondData.FullPath);

        Assert.NotEqual(first.Endpoint, second.Endpoint);
        Assert.NotEqual(first.ProcessId, second.ProcessId);
        using var firstStore = S3ObjectStore.Open(first.Connection);
        using var secondStore = S3ObjectStore.Open(second.Connection);
        await firstStore.EnsureBucketAsync("only-in-first", CancellationToken.None);

        Assert.Empty(await firstStore.ListAsync("only-in-first", string.Empty, CancellationToken.None));
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => secondStore.ListAsync("only-in-first", string.Empty, CancellationToken.None));
        Assert.Contains("the bucket does not exist", error.Message, StringComparison.Ordinal);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
