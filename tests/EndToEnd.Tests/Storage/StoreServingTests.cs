using System.Net;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>Predictor processes serving iris from a real local S3 store it was pushed to: the repository form, the single-model form, the cache.</summary>
public sealed class StoreServingTests(IrisStoreFixture store) : IClassFixture<IrisStoreFixture>
{
    [Fact]
    public async Task Serves_a_pushed_model_from_the_store_and_a_restart_with_the_same_cache_downloads_nothing()
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        await using (var first = StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"]))
        {
            using var client = await first.WaitUntilReadyAsync();
            await StoredPredictor.AssertPredictsAsync(client, "iris");
            Assert.Contains("s3://models: downloaded 5 files", first.StandardOutput, StringComparison.Ordinal);

            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync());
        }

        await using var second = StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"]);
        using var again = await second.WaitUntilReadyAsync();

        await StoredPredictor.AssertPredictsAsync(again, "iris");
        Assert.Contains("s3://models: the cached copy is current (5 files); nothing downloaded", second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("downloaded 5 files", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_uri_with_a_model_name_serves_that_one_model_under_the_name()
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        await using var predictor = StoredPredictor.Start(
            store.Server.ConnectionString, cache.FullPath, ["--model_name", "sklearn-iris"], new Dictionary<string, string> { ["STORAGE_URI"] = "s3://models/iris" });
        using var client = await predictor.WaitUntilReadyAsync();

        await StoredPredictor.AssertPredictsAsync(client, "sklearn-iris");
        using var ready = await client.GetAsync(new Uri("/v2/models/sklearn-iris/versions/1/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var byDirectoryName = await client.GetAsync(new Uri("/v2/models/iris", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, byDirectoryName.StatusCode);
    }

    [Fact]
    public async Task Two_predictors_pulling_the_same_model_into_one_cache_at_once_both_serve()
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        await using var first = StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"]);
        await using var second = StoredPredictor.Start(store.Server.ConnectionString, cache.FullPath, ["--model-repository", "s3://models"]);

        var clients = await Task.WhenAll(first.WaitUntilReadyAsync(), second.WaitUntilReadyAsync());
        try
        {
            await Task.WhenAll(clients.Select(c => StoredPredictor.AssertPredictsAsync(c, "iris")));
        }
        finally
        {
            Array.ForEach(clients, c => c.Dispose());
        }

        // The cache's lock lets one download while the other waits, then finds the copy current.
        var outputs = new[] { first.StandardOutput, second.StandardOutput };
        Assert.Single(outputs, o => o.Contains("s3://models: downloaded 5 files", StringComparison.Ordinal));
        Assert.Single(outputs, o => o.Contains("s3://models: the cached copy is current (5 files); nothing downloaded", StringComparison.Ordinal));
    }
}
