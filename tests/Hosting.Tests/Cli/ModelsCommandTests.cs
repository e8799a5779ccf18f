using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Modelplane.Hosting.Tests.ModelStore;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary><c>models push</c> and <c>models list</c> run as the built AppHost process against a real local S3 server.</summary>
public sealed class ModelsCommandTests(LocalS3ServerFixture store) : IClassFixture<LocalS3ServerFixture>
{
    [Fact]
    public async Task Push_then_list_shows_the_model_with_its_version_files_and_size()
    {
        var sources = Directory.GetFiles(RepositoryRoot.Combine("models", "iris"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Combine("models", "iris"), f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var total = sources.Sum(f => new FileInfo(RepositoryRoot.Combine("models", "iris", f)).Length);
        Assert.Equal(["1/model.onnx", "README.md", "background.csv", "config.json", "iris.csv"], sources);
        Assert.InRange(total, 1024, (1024 * 1024) - 1);

        var push = await AppHostCommand.RunAsync("models", "push", "models/iris", "s3://models/iris", "--store", store.Server.ConnectionString);

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("pushed 5 files", push.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("to s3://models/iris", push.StandardOutput, StringComparison.Ordinal);
        using (var objects = store.OpenStore())
        {
            var stored = await objects.ListAsync("models", "iris/", CancellationToken.None);
            Assert.Equal(sources.Select(f => $"iris/{f}"), stored.Select(o => o.Key).Order(StringComparer.Ordinal));
            Assert.All(stored, o => Assert.Equal(new FileInfo(RepositoryRoot.Combine(["models", .. o.Key.Split('/')])).Length, o.Size));
        }

        // The sizes the command prints: bytes under 1 KiB, then KiB with one decimal.
        var size = string.Create(CultureInfo.InvariantCulture, $"{total / 1024.0:F1} KiB");
        foreach (var location in new[] { "s3://models", "s3://models/iris" })
        {
            var list = await AppHostCommand.RunAsync("models", "list", location, "--store", store.Server.ConnectionString);

            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Matches(@"(?m)^\s*MODEL\s+VERSIONS\s+FILES\s+SIZE\s*$", list.StandardOutput);
            Assert.Matches($@"(?m)^\s*iris\s+1\s+5\s+{size.Replace(".", @"\.", StringComparison.Ordinal)}\s*$", list.StandardOutput);
        }
    }

    [Fact]
    public async Task Push_creates_the_bucket_when_it_is_missing()
    {
        var bucket = LocalS3ServerFixture.NewBucket("created");
        using var objects = store.OpenStore();
        var missing = await Assert.ThrowsAsync<ModelStoreException>(() => objects.ListAsync(bucket, string.Empty, CancellationToken.None));
        Assert.Contains("the bucket does not exist", missing.Message, StringComparison.Ordinal);

        var push = await AppHostCommand.RunAsync("models", "push", "models/iris", $"s3://{bucket}/iris", "--store", store.Server.ConnectionString);

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal(5, (await objects.ListAsync(bucket, "iris/", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_large_file_goes_up_in_parts_and_comes_back_byte_identical()
    {
        const int Size = 40 * 1024 * 1024;
        using var model = new TemporaryDirectory();
        var content = new byte[Size];
        new Random(40).NextBytes(content);
        Directory.CreateDirectory(model.Combine("big", "1"));
        await File.WriteAllBytesAsync(model.Combine("big", "1", "weights.bin"), content);
        var bucket = LocalS3ServerFixture.NewBucket("large");

        var push = await AppHostCommand.RunAsync("models", "push", model.Combine("big"), $"s3://{bucket}/big", "--store", store.Server.ConnectionString);

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("pushed 1 files (40.0 MiB)", push.StandardOutput, StringComparison.Ordinal);
        using var objects = store.OpenStore();
        var stored = Assert.Single(await objects.ListAsync(bucket, "big/", CancellationToken.None));
        Assert.Equal("big/1/weights.bin", stored.Key);
        Assert.Equal(Size, stored.Size);

        // 40 MiB in parts of 16 MiB is three parts. S3 and MinIO give such an object the ETag "{md5 of the part md5s}-3";
        // s3rver gives the whole object's MD5 instead, but a multipart upload leaves its upload area behind, emptied.
        Assert.Equal(16L * 1024 * 1024, S3ObjectStore.PartSize);
        if (store.Server.Kind == "s3rver")
        {
            var uploads = Path.Combine(store.DataDirectory, bucket, "._S3rver_uploads");
            Assert.True(Directory.Exists(uploads), $"no multipart upload was started in s3://{bucket}");
            Assert.Empty(Directory.EnumerateFileSystemEntries(uploads));
        }
        else
        {
            Assert.Matches("-3\"?$", stored.ETag);
        }

        var downloaded = model.Combine("downloaded.bin");
        await objects.DownloadAsync(bucket, stored, downloaded, null, CancellationToken.None);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await File.ReadAllBytesAsync(downloaded)));
    }

    [Fact]
    public async Task A_small_file_goes_up_in_one_request()
    {
        var bucket = LocalS3ServerFixture.NewBucket("small");

        var push = await AppHostCommand.RunAsync("models", "push", "models/iris", $"s3://{bucket}/iris", "--store", store.Server.ConnectionString);

        Assert.True(push.ExitCode == 0, push.ToString());
        using var objects = store.OpenStore();
        var model = Assert.Single(await objects.ListAsync(bucket, "iris/1/", CancellationToken.None));
        Assert.Equal(ETag.Of(File.ReadAllBytes(RepositoryRoot.Combine("models", "iris", "1", "model.onnx"))), model.ETag.Trim('"'));
        if (store.Server.Kind == "s3rver")
        {
            Assert.False(Directory.Exists(Path.Combine(store.DataDirectory, bucket, "._S3rver_uploads")), "a small push started a multipart upload");
        }
    }

    [Theory]
    [InlineData("missing directory")]
    [InlineData("a file, not a directory")]
    [InlineData("non-s3 destination")]
    [InlineData("'..' in the destination")]
    [InlineData("wrong access key")]
    [InlineData("unreachable store")]
    [InlineData("no store given")]
    public async Task A_bad_push_exits_non_zero_with_one_error_line_naming_the_problem(string problem)
    {
        using var temporary = new TemporaryDirectory();
        var bucket = LocalS3ServerFixture.NewBucket("refused");
        var closedPort = ClosedPort();
        var good = store.Server.ConnectionString;
        var wrongKey = $"Endpoint={store.Server.Endpoint};AccessKey=NOT-S3RVER;SecretKey=wrong";
        (string[] Arguments, string[] Expected) row = problem switch
        {
            "missing directory" => (
                ["models", "push", temporary.Combine("nowhere"), $"s3://{bucket}/iris", "--store", good],
                [$"'{temporary.Combine("nowhere")}' does not exist"]),
            "a file, not a directory" => (
                ["models", "push", "models/iris/config.json", $"s3://{bucket}/iris", "--store", good],
                ["'models/iris/config.json' is a file; push a model directory"]),
            "non-s3 destination" => (
                ["models", "push", "models/iris", "backups/iris", "--store", good],
                ["'backups/iris' is not an S3 location; push to s3://bucket/prefix"]),
            "'..' in the destination" => (
                ["models", "push", "models/iris", $"s3://{bucket}/iris/../other", "--store", good],
                ["has a '..' segment"]),
            "wrong access key" => (
                ["models", "push", "models/iris", $"s3://{bucket}/iris", "--store", wrongKey],
                [$"s3://{bucket}: the store at {store.Server.Endpoint} refused the credentials (InvalidAccessKeyId)", "check the access key"]),
            "unreachable store" => (
                ["models", "push", "models/iris", $"s3://{bucket}/iris", "--store", $"Endpoint=http://127.0.0.1:{closedPort};AccessKey=S3RVER;SecretKey=S3RVER"],
                [$"the store at http://127.0.0.1:{closedPort}/ is unreachable"]),
            "no store given" => (
                ["models", "push", "models/iris", $"s3://{bucket}/iris"],
                ["no store to talk to: pass --store Endpoint="]),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var result = await AppHostCommand.RunAsync(row.Arguments);

        Assert.True(result.ExitCode != 0, $"{problem}: {result}");
        var error = result.StandardError.Trim();
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.All(row.Expected, part => Assert.Contains(part, error, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("pushed", result.StandardOutput, StringComparison.Ordinal);

        // Nothing reached the store: not even the bucket was created.
        using var objects = store.OpenStore();
        await Assert.ThrowsAsync<ModelStoreException>(() => objects.ListAsync(bucket, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task Listing_a_bucket_that_does_not_exist_says_so()
    {
        var bucket = LocalS3ServerFixture.NewBucket("absent");

        var result = await AppHostCommand.RunAsync("models", "list", $"s3://{bucket}", "--store", store.Server.ConnectionString);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal($"error: s3://{bucket}/: the bucket does not exist in the store at {store.Server.Endpoint}; create it, or push the model there first", result.StandardError.Trim());
    }

    // A port nothing listens on: the OS gave it to a listener that is closed again.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
