using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Tests.Storage;

/// <summary>
/// The storage initializer's choice of location (a repository URI, or KServe's STORAGE_URI with a model name) and
/// its local forms; the S3 forms run against a real store in Hosting.Tests and EndToEnd.Tests.
/// </summary>
public sealed class ModelRepositorySourceTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        _root.Dispose();
    }

    [Theory]
    [InlineData("s3://models", null, null, StorageScheme.S3, null)]
    [InlineData("s3://models/team", "s3://other/iris", "iris", StorageScheme.S3, null)]
    [InlineData(null, "s3://models/iris", "sklearn-iris", StorageScheme.S3, "sklearn-iris")]
    [InlineData(null, "http://127.0.0.1:8000/iris/model.onnx", "iris", StorageScheme.Http, "iris")]
    [InlineData(null, "models/iris", "iris", StorageScheme.File, "iris")]
    public void The_repository_wins_and_storage_uri_is_one_named_model(string? repository, string? storageUri, string? modelName, StorageScheme scheme, string? singleModel)
    {
        var (uri, single) = ModelRepositorySource.Locate(new ServingOptions { ModelRepository = repository, StorageUri = storageUri, ModelName = modelName });

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(repository ?? storageUri, uri.Original);
        Assert.Equal(singleModel, single);
    }

    [Theory]
    [InlineData(null, null, null, "no model repository: pass --model-repository DIR (or an s3:// URI), or set STORAGE_URI with --model_name NAME")]
    [InlineData(null, "s3://models/iris", null, "STORAGE_URI is set but the model has no name: pass --model_name NAME or set Serving:ModelName")]
    [InlineData(null, "s3://models/iris", " ", "STORAGE_URI is set but the model has no name")]
    [InlineData("http://127.0.0.1:8000/iris/model.onnx", null, null, "is one file; give it as STORAGE_URI with --model_name NAME for a single model")]
    [InlineData("s3://models/../secrets", null, null, "has a '..' segment")]
    [InlineData(null, "s3://models/iris/../../secrets", "iris", "has a '..' segment")]
    [InlineData(null, "gs://models/iris", "iris", "gs:// stores are not supported here")]
    public void A_location_that_cannot_be_used_is_refused_with_what_to_do(string? repository, string? storageUri, string? modelName, string message)
    {
        var error = Assert.Throws<FormatException>(() =>
            ModelRepositorySource.Locate(new ServingOptions { ModelRepository = repository, StorageUri = storageUri, ModelName = modelName }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_repository_is_used_in_place()
    {
        Directory.CreateDirectory(_root.Combine("repository", "iris", "1"));

        var path = await Source(new ServingOptions { ModelRepository = _root.Combine("repository") }).SyncAsync(CancellationToken.None);

        Assert.Equal(_root.Combine("repository"), path);
        Assert.False(Directory.Exists(_root.Combine("cache")), "a local repository was copied");
    }

    [Fact]
    public async Task A_missing_local_repository_is_a_store_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => Source(new ServingOptions { ModelRepository = _root.Combine("nowhere") }).SyncAsync(CancellationToken.None));

        Assert.Equal($"the model repository '{_root.Combine("nowhere")}' does not exist", error.Message);
    }

    [Fact]
    public async Task A_single_model_with_versions_becomes_a_repository_of_that_name_without_copying()
    {
        Directory.CreateDirectory(_root.Combine("iris-model", "3"));
        File.WriteAllText(_root.Combine("iris-model", "config.json"), "{}");
        File.WriteAllText(_root.Combine("iris-model", "3", "model.onnx"), "onnx");

        var repository = await Source(new ServingOptions { StorageUri = _root.Combine("iris-model"), ModelName = "sklearn-iris" }).SyncAsync(CancellationToken.None);

        Assert.StartsWith(_root.Combine("cache") + Path.DirectorySeparatorChar, repository, StringComparison.Ordinal);
        Assert.Equal(_root.Combine("iris-model"), new DirectoryInfo(Path.Combine(repository, "sklearn-iris")).LinkTarget);
        Assert.Equal("onnx", File.ReadAllText(Path.Combine(repository, "sklearn-iris", "3", "model.onnx")));
    }

    [Fact]
    public async Task A_single_model_without_versions_is_served_as_version_1()
    {
        Directory.CreateDirectory(_root.Combine("bare"));
        File.WriteAllText(_root.Combine("bare", "model.onnx"), "onnx");

        var repository = await Source(new ServingOptions { StorageUri = _root.Combine("bare"), ModelName = "bare-model" }).SyncAsync(CancellationToken.None);

        Assert.Equal("onnx", File.ReadAllText(Path.Combine(repository, "bare-model", "1", "model.onnx")));
    }

    [Fact]
    public async Task The_cache_is_keyed_by_the_uri_and_the_model_name()
    {
        Directory.CreateDirectory(_root.Combine("a", "1"));
        Directory.CreateDirectory(_root.Combine("b", "1"));

        var first = await Source(new ServingOptions { StorageUri = _root.Combine("a"), ModelName = "m" }).SyncAsync(CancellationToken.None);
        var again = await Source(new ServingOptions { StorageUri = _root.Combine("a"), ModelName = "m" }).SyncAsync(CancellationToken.None);
        var otherName = await Source(new ServingOptions { StorageUri = _root.Combine("a"), ModelName = "n" }).SyncAsync(CancellationToken.None);
        var otherUri = await Source(new ServingOptions { StorageUri = _root.Combine("b"), ModelName = "m" }).SyncAsync(CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(3, new[] { first, otherName, otherUri }.Distinct().Count());
        Assert.All(new[] { first, otherName, otherUri }, p => Assert.Equal(_root.Combine("cache"), Path.GetDirectoryName(p)));
    }

    private ModelRepositorySource Source(ServingOptions options)
    {
        options.StorageCacheDirectory = _root.Combine("cache");
        return new ModelRepositorySource(
            Options.Create(options),
            new ConfigurationBuilder().Build(),
            new StoreMirror(NullLogger<StoreMirror>.Instance),
            _services.GetRequiredService<IHttpClientFactory>(),
            NullLogger<ModelRepositorySource>.Instance);
    }
}
