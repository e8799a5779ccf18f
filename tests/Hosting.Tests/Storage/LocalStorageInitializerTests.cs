using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Storage;
using Modelplane.Hosting.Tests.ModelStore;
using Modelplane.Hosting.Variables;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Tests.Storage;

/// <summary>
/// The local run's storage initializer against a real local S3 server: a component whose model is in the store gets
/// a local copy, fetched once for all components of that model, after the store is ready; a model the store does not
/// hold fails with the store's reason, and a later try fetches again. Models elsewhere, and components in poll mode,
/// are left to the replicas.
/// </summary>
public sealed class LocalStorageInitializerTests(LocalS3ServerFixture store) : IClassFixture<LocalS3ServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _cache = new("storage-initialization");
    private readonly string _bucket = LocalS3ServerFixture.NewBucket("init");

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Components_of_a_stored_model_share_one_local_copy_fetched_once_the_store_is_ready()
    {
        await PushIrisAsync("iris");
        using var storage = new LocalStorageInitializer();
        var (_, components) = Components($"s3://{_bucket}/iris", "default", "canary");
        var readied = new List<string>();

        await Task.WhenAll(components.Select(c => storage.PrepareAsync(c, Environment(c), (s, _) => { lock (readied) { readied.Add(s.Name); } return Task.CompletedTask; }, CancellationToken.None)));

        Assert.Equal([_bucket, _bucket], readied);
        var repository = components[0].LocalModelRepository!;
        Assert.All(components, c => Assert.Equal(repository, c.LocalModelRepository));
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
        using var storage = new LocalStorageInitializer();
        var (_, components) = Components(storageUri, "default");

        await storage.PrepareAsync(components[0], Environment(components[0]), (_, _) => throw new InvalidOperationException("no store is waited for"), CancellationToken.None);

        Assert.Null(components[0].LocalModelRepository);
    }

    [Fact]
    public async Task A_component_in_poll_mode_keeps_its_store_to_watch_for_new_versions()
    {
        using var storage = new LocalStorageInitializer();
        var (_, components) = Components($"s3://{_bucket}/iris", "default");
        var environment = Environment(components[0]);
        environment["Serving__ModelControlMode"] = "poll";

        await storage.PrepareAsync(components[0], environment, (_, _) => throw new InvalidOperationException("no store is waited for"), CancellationToken.None);

        Assert.Null(components[0].LocalModelRepository);
    }

    [Fact]
    public async Task A_model_the_store_does_not_hold_fails_with_the_stores_reason_and_is_fetched_once_pushed()
    {
        await PushIrisAsync("iris");
        using var storage = new LocalStorageInitializer();
        var uri = $"s3://{_bucket}/absent";
        var (_, components) = Components(uri, "default");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.PrepareAsync(components[0], Environment(components[0]), (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.StartsWith($"the storage initializer could not fetch {uri} from '{_bucket}': {uri}: nothing is stored there", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith($"push a model first: dotnet run --project AppHost -- models push DIR {uri}", failure.Message, StringComparison.Ordinal);

        await PushIrisAsync("absent");
        await storage.PrepareAsync(components[0], Environment(components[0]), (_, _) => Task.CompletedTask, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(components[0].LocalModelRepository!, "iris", "1", "model.onnx")));
    }

    // The predictors of one service serving storageUri in the given revisions, from the local S3 server when the URI is in its bucket.
    private (IDisposable Cache, IReadOnlyList<ComponentResource> Components) Components(string storageUri, params string[] revisions)
    {
        var models = new ModelStoreResource(_bucket, _cache.FullPath) { Server = store.Server.Command };
        var spec = new InferenceServiceSpec { Name = "iris", Revisions = [.. revisions.Select(r => new RevisionSpec { Name = r, Predictor = new ComponentSpec() })] };
        var service = new InferenceServiceResource(spec);
        var inStore = storageUri.StartsWith($"s3://{_bucket}/", StringComparison.Ordinal) ? models : null;
        var components = spec.Revisions.Select(r => new ComponentResource(
            ComponentResource.NameOf("iris", ComponentRole.Predictor, r.Name),
            new ComponentPlan(service, r, ComponentRole.Predictor, r.Predictor, ServiceProject.Predictor, "iris", storageUri, inStore, null, [], new ReplicaCount(1, 1, 1)))).ToList();
        return (_cache, components);
    }

    private Dictionary<string, EnvironmentValue> Environment(ComponentResource component) =>
        new(ServiceEnvironment.Of(component, new LocalPlacement("Development", new LocalEndpoints(1, 2))))
        {
            ["Serving__StorageCacheDirectory"] = _cache.FullPath,
        };

    private async Task PushIrisAsync(string prefix)
    {
        using var objects = store.OpenStore();
        var destination = StorageUri.Parse($"s3://{_bucket}/{prefix}");
        await new ModelPusher(objects).PushAsync(destination, ModelPusher.Plan(RepositoryRoot.Combine("models", "iris"), destination), null, CancellationToken.None);
    }
}
