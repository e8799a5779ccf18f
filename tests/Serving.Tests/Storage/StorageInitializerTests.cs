using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Tests.Storage;

/// <summary>
/// The storage-initializer mode a published predictor's init container runs: the model lands in the target directory as
/// a repository of that one model, real files rather than links into a cache, and a store error is exit code 1.
/// </summary>
public sealed class StorageInitializerTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_model_is_copied_into_the_target_as_a_repository_of_one_named_model()
    {
        Directory.CreateDirectory(_root.Combine("iris", "1"));
        File.WriteAllText(_root.Combine("iris", "config.json"), "{}");
        File.WriteAllText(_root.Combine("iris", "1", "model.onnx"), "onnx");
        using var services = Services(new ServingOptions { StorageUri = _root.Combine("iris"), ModelName = "sklearn-iris" });

        var exit = await StorageInitializer.RunAsync(services, _root.Combine("mnt", "models"), CancellationToken.None);

        Assert.Equal(0, exit);
        var model = new FileInfo(_root.Combine("mnt", "models", "sklearn-iris", "1", "model.onnx"));
        Assert.Equal("onnx", File.ReadAllText(model.FullName));
        Assert.Null(model.LinkTarget);
        Assert.Null(new DirectoryInfo(_root.Combine("mnt", "models", "sklearn-iris")).LinkTarget);
        Assert.True(File.Exists(_root.Combine("mnt", "models", "sklearn-iris", "config.json")));
    }

    [Fact]
    public async Task A_store_that_cannot_give_the_model_is_exit_code_1()
    {
        using var services = Services(new ServingOptions { StorageUri = _root.Combine("nowhere"), ModelName = "m" });

        Assert.Equal(1, await StorageInitializer.RunAsync(services, _root.Combine("mnt"), CancellationToken.None));
        Assert.False(Directory.Exists(_root.Combine("mnt", "m")));
    }

    private ServiceProvider Services(ServingOptions options)
    {
        options.StorageCacheDirectory = _root.Combine("cache");
        var collection = new ServiceCollection().AddHttpClient();
        collection.AddSingleton(Options.Create(options));
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        collection.AddSingleton(new StoreMirror(NullLogger<StoreMirror>.Instance));
        collection.AddSingleton<Microsoft.Extensions.Logging.ILogger<ModelRepositorySource>>(NullLogger<ModelRepositorySource>.Instance);
        collection.AddSingleton<ModelRepositorySource>();
        return collection.BuildServiceProvider();
    }
}
