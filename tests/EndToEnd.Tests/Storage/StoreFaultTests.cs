using System.Net;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>A predictor pointed at a store it cannot use stays up, not ready, and says what is wrong and what to do.</summary>
public sealed class StoreFaultTests(IrisStoreFixture store) : IClassFixture<IrisStoreFixture>
{
    [Theory]
    [InlineData("unknown bucket")]
    [InlineData("missing prefix")]
    [InlineData("wrong access key")]
    public async Task A_store_that_cannot_give_the_models_leaves_the_predictor_up_and_not_ready_saying_why(string problem)
    {
        var endpoint = store.Server.Endpoint;
        (string Uri, string Connection, string[] Expected) row = problem switch
        {
            "unknown bucket" => (
                "s3://no-such-bucket",
                store.Server.ConnectionString,
                [$"s3://no-such-bucket/: the bucket does not exist in the store at {endpoint}; create it, or push the model there first"]),
            "missing prefix" => (
                "s3://models/nothing-here",
                store.Server.ConnectionString,
                [$"s3://models/nothing-here: nothing is stored there (store at {endpoint}); push a model first: dotnet run --project AppHost -- models push DIR s3://models/nothing-here"]),
            "wrong access key" => (
                "s3://models",
                $"Endpoint={endpoint};AccessKey=NOT-S3RVER;SecretKey=wrong",
                [$"the store at {endpoint} refused the credentials (InvalidAccessKeyId); check the access key and secret"]),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        using var cache = new TemporaryDirectory("modelplane-cache");
        await using var predictor = StoredPredictor.Start(row.Connection, cache.FullPath, ["--model-repository", row.Uri]);

        var error = await StoredPredictor.WaitUntilNotReadyBecauseAsync(predictor, [.. row.Expected, "; trying again in "]);

        using var client = new HttpClient { BaseAddress = await predictor.WaitUntilListeningAsync() };
        using var live = await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", predictor.StandardOutput + predictor.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://models/../secrets", null)]
    [InlineData("models/../models", null)]
    [InlineData(null, "s3://models/iris/../../secrets")]
    public async Task A_storage_uri_with_a_dot_dot_segment_is_refused_at_start_with_one_line(string? repository, string? storageUri)
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        var uri = repository ?? storageUri!;
        await using var predictor = repository is not null
            ? StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model-repository", repository])
            : StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model_name", "iris"], new Dictionary<string, string> { ["STORAGE_URI"] = uri });

        Assert.Equal(2, await predictor.WaitForExitAsync());
        Assert.Equal($"error: storage URI '{uri}' has a '..' segment; name the model's location without one", predictor.StandardError.Trim());
        Assert.DoesNotContain("   at ", predictor.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.FullPath));
    }
}
