using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Orchestration;
using Modelplane.Hosting.Tests.ModelStore;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.Orchestration;

/// <summary>
/// The AppHost's storage initializer against a real local S3 server: a replica whose model is in the store is started
/// on a local copy fetched once for all replicas of that model; a model the store does not hold fails with the
/// store's reason, and a later try fetches again.
/// </summary>
public sealed class StorageInitializationTests(LocalS3ServerFixture store) : IClassFixture<LocalS3ServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _cache = new("storage-initialization");
    private readonly string _bucket = LocalS3ServerFixture.NewBucket("init");

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Replicas_of_a_stored_model_start_on_one_local_copy_instead_of_the_store()
    {
        await PushIrisAsync("iris");
        using var storage = new StorageInitialization();

        var launches = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => storage.PrepareAsync(Launch($"s3://{_bucket}/iris", replica: i), CancellationToken.None)));

        var repository = launches[0].Environment["Serving__ModelRepository"];
        Assert.All(launches, launch =>
        {
            Assert.Equal(repository, launch.Environment["Serving__ModelRepository"]);
            Assert.False(launch.Environment.ContainsKey("STORAGE_URI"));
            Assert.False(launch.Environment.ContainsKey("Serving__StorageConnection"));
        });
        Assert.Equal(["0", "1", "2"], launches.Select(l => l.Environment["OTEL_RESOURCE_ATTRIBUTES"]));
        Assert.StartsWith(_cache.FullPath, repository, StringComparison.Ordinal);
        Assert.Equal(
            await File.ReadAllBytesAsync(RepositoryRoot.Combine("models", "iris", "1", "model.onnx")),
            await File.ReadAllBytesAsync(Path.Combine(repository, "iris", "1", "model.onnx")));
    }

    [Theory]
    [InlineData("/srv/models/iris")]
    [InlineData("https://models.example.test/iris.onnx")]
    public async Task A_model_that_is_not_in_an_S3_store_is_left_to_the_replica(string storageUri)
    {
        using var storage = new StorageInitialization();
        var launch = Launch(storageUri, replica: 0);

        Assert.Same(launch, await storage.PrepareAsync(launch, CancellationToken.None));
    }

    [Fact]
    public async Task A_replica_in_poll_mode_keeps_its_store_to_watch_for_new_versions()
    {
        using var storage = new StorageInitialization();
        var launch = Launch($"s3://{_bucket}/iris", replica: 0);
        launch = launch with { Environment = new Dictionary<string, string>(launch.Environment) { ["Serving__ModelControlMode"] = "poll" } };

        Assert.Same(launch, await storage.PrepareAsync(launch, CancellationToken.None));
    }

    [Fact]
    public async Task A_model_the_store_does_not_hold_fails_with_the_stores_reason_and_is_fetched_once_pushed()
    {
        await PushIrisAsync("iris");
        using var storage = new StorageInitialization();
        var uri = $"s3://{_bucket}/absent";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.PrepareAsync(Launch(uri, replica: 0), CancellationToken.None));

        Assert.StartsWith($"the storage initializer could not fetch {uri} from 'models': {uri}: nothing is stored there", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith($"push a model first: dotnet run --project AppHost -- models push DIR {uri}", failure.Message, StringComparison.Ordinal);

        await PushIrisAsync("absent");
        var launch = await storage.PrepareAsync(Launch(uri, replica: 0), CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(launch.Environment["Serving__ModelRepository"], "iris", "1", "model.onnx")));
    }

    private ProcessLaunch Launch(string storageUri, int replica) => new("dotnet", ["Modelplane.Predictor.dll"], ".", new Dictionary<string, string>
    {
        ["STORAGE_URI"] = storageUri,
        ["Serving__ModelName"] = "iris",
        ["Serving__StorageConnection"] = "models",
        ["ConnectionStrings__models"] = store.Server.ConnectionString,
        ["Serving__StorageCacheDirectory"] = _cache.FullPath,
        ["OTEL_RESOURCE_ATTRIBUTES"] = replica.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private async Task PushIrisAsync(string prefix)
    {
        using var objects = store.OpenStore();
        var destination = StorageUri.Parse($"s3://{_bucket}/{prefix}");
        await new ModelPusher(objects).PushAsync(destination, ModelPusher.Plan(RepositoryRoot.Combine("models", "iris"), destination), null, CancellationToken.None);
    }
}
