using System.Net;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>
/// A store that is down when the predictor starts, goes down while it serves, or hands out a corrupt new version:
/// the predictor retries, keeps serving what it has, and refuses what fails its checksum. Each test has its own store.
/// </summary>
public sealed class StoreOutageTests
{
    private static readonly Dictionary<string, string> PollMode = new()
    {
        ["Serving__ModelControlMode"] = "poll",
        ["Serving__RepositoryPollSeconds"] = "0.5",
    };

    [Fact]
    public async Task A_store_unreachable_at_start_is_tried_again_until_it_answers()
    {
        using var data = new TemporaryDirectory("modelplane-s3");
        using var cache = new TemporaryDirectory("modelplane-cache");
        string connectionString;
        Uri endpoint;
        await using (var server = await LocalS3Server.StartAsync(data.FullPath))
        {
            Assert.True(server.Kind == "s3rver", $"the store comes back as s3rver over the same data; the local store here is {server.Kind}");
            await ModelStoreCommand.PushAsync(RepositoryRoot.Combine("models", "iris"), "s3://models/iris", server.ConnectionString);
            connectionString = server.ConnectionString;
            endpoint = server.Endpoint;
        }

        await using var predictor = StoredPredictor.Start(connectionString, cache.FullPath, ["--model-repository", "s3://models"]);
        var error = await StoredPredictor.WaitUntilNotReadyBecauseAsync(predictor, $"s3://models/: the store at {endpoint} is unreachable", "; trying again in ");
        Assert.DoesNotContain('\n', error);

        // A model that may yet come from the store is not "unknown": the answer is 503, try again, and why.
        using (var early = new HttpClient { BaseAddress = await predictor.WaitUntilListeningAsync() })
        using (var content = new StringContent("""{"instances": [[6.8, 2.8, 4.8, 1.4]]}""", System.Text.Encoding.UTF8, "application/json"))
        using (var response = await early.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), content))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {body}");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains($"model 'iris' is not loaded yet: the model store cannot be used yet (s3://models/: the store at {endpoint} is unreachable", body, StringComparison.Ordinal);
        }

        await using var restarted = await S3rverOnPort.StartAsync(data.FullPath, endpoint.Port);
        using var client = await predictor.WaitUntilReadyAsync();

        await StoredPredictor.AssertPredictsAsync(client, "iris");
        Assert.Contains("s3://models: downloaded 5 files", predictor.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_goes_away_leaves_the_cached_models_serving()
    {
        using var data = new TemporaryDirectory("modelplane-s3");
        using var cache = new TemporaryDirectory("modelplane-cache");
        await using var server = await LocalS3Server.StartAsync(data.FullPath);
        await ModelStoreCommand.PushAsync(RepositoryRoot.Combine("models", "iris"), "s3://models/iris", server.ConnectionString);
        await using var predictor = StoredPredictor.Start(server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"], PollMode);
        using var client = await predictor.WaitUntilReadyAsync();
        await StoredPredictor.AssertPredictsAsync(client, "iris");

        await server.DisposeAsync();

        // Every poll finds the store gone; requests are answered all along.
        var unreachable = $"s3://models/: the store at {server.Endpoint} is unreachable";
        await StoredPredictor.WaitForOutputAsync(predictor, [unreachable], 3, () => StoredPredictor.AssertPredictsAsync(client, "iris"));

        Assert.Contains("the models already loaded keep serving", predictor.StandardOutput, StringComparison.Ordinal);
        await StoredPredictor.AssertPredictsAsync(client, "iris");
        using var ready = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_corrupted_new_version_is_rejected_and_the_old_version_keeps_serving()
    {
        using var data = new TemporaryDirectory("modelplane-s3");
        using var cache = new TemporaryDirectory("modelplane-cache");
        using var versionTwo = new TemporaryDirectory();
        Directory.CreateDirectory(versionTwo.Combine("2"));
        File.Copy(RepositoryRoot.Combine("models", "iris", "1", "model.onnx"), versionTwo.Combine("2", "model.onnx"));
        await using var server = await LocalS3Server.StartAsync(data.FullPath);
        Assert.True(server.Kind == "s3rver", $"this test rewrites s3rver's data files; the local store here is {server.Kind}");
        await ModelStoreCommand.PushAsync(RepositoryRoot.Combine("models", "iris"), "s3://models/iris", server.ConnectionString);
        await using var predictor = StoredPredictor.Start(server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"], PollMode);
        using var client = await predictor.WaitUntilReadyAsync();
        await StoredPredictor.AssertPredictsAsync(client, "iris");

        // Version 2 is pushed aside, its bytes corrupted on the store's disk, then moved under s3://models/iris/2/ whole.
        await ModelStoreCommand.PushAsync(versionTwo.FullPath, "s3://staging/iris", server.ConnectionString);
        PlaceCorrupted(data.FullPath, "staging/iris/2/model.onnx", "models/iris/2/model.onnx");
        // Several polls fail on the download; the message each time is checked at the end, once the rest has been seen.
        string[] failedPoll = ["does not match its checksum", "looking at the model repository failed"];
        await StoredPredictor.WaitForOutputAsync(predictor, failedPoll, 3, async () =>
        {
            await StoredPredictor.AssertPredictsAsync(client, "iris");
            using var two = await client.GetAsync(new Uri("/v2/models/iris/versions/2/ready", UriKind.Relative));
            Assert.NotEqual(HttpStatusCode.OK, two.StatusCode);
        });

        using (var one = await client.GetAsync(new Uri("/v2/models/iris/versions/1/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        Assert.DoesNotContain("model iris version 2", predictor.StandardOutput, StringComparison.Ordinal);
        var rejection = predictor.StandardOutput;

        // Whole bytes pushed over it are picked up: the version was refused for its checksum, not missed.
        await ModelStoreCommand.PushAsync(versionTwo.FullPath, "s3://models/iris", server.ConnectionString);
        await StoredPredictor.WaitUntilOkAsync(predictor, client, "/v2/models/iris/versions/2/ready");
        await StoredPredictor.AssertPredictsAsync(client, "iris");

        Assert.True(
            rejection.Contains("download of s3://models/iris/2/model.onnx does not match its checksum", StringComparison.Ordinal)
            && !rejection.Contains("   at ", StringComparison.Ordinal),
            $"the corrupt download was not reported as one line naming the object and its checksum; the predictor said:\n{rejection}");
    }

    // s3rver keeps an object as {key}._S3rver_object with its MD5 (the ETag) in {key}._S3rver_object.md5 and its
    // metadata beside; the object file is moved in last, so a listing sees the object whole or not at all.
    private static void PlaceCorrupted(string data, string from, string to)
    {
        var source = Path.Combine([data, .. from.Split('/')]);
        var target = Path.Combine([data, .. to.Split('/')]);
        var bytes = File.ReadAllBytes(source + "._S3rver_object");
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5A;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source + "._S3rver_object.md5", target + "._S3rver_object.md5");
        File.Copy(source + "._S3rver_metadata.json", target + "._S3rver_metadata.json");
        File.WriteAllBytes(target + ".partial", bytes);
        File.Move(target + ".partial", target + "._S3rver_object");
    }
}
