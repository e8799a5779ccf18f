using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Hosting;

/// <summary>When the server is ready, by the rule StrictReadiness chooses, and the reason it gives when it is not.</summary>
public sealed class ServingReadinessTests
{
    [Fact]
    public async Task The_server_is_not_ready_before_the_initial_load_is_done()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync());
        var readiness = Readiness(registry, strict: false);

        Assert.False(readiness.InitialLoadDone);
        Assert.False(readiness.IsReady);
        Assert.Equal("models are still loading", readiness.Check());

        readiness.MarkInitialLoadDone();

        Assert.True(readiness.IsReady);
        Assert.Null(readiness.Check());
    }

    [Fact]
    public async Task One_failed_model_does_not_make_the_server_unready_by_default()
    {
        var readiness = Readiness(await ReadyAndFailedAsync(), strict: false);
        readiness.MarkInitialLoadDone();

        Assert.True(readiness.IsReady);
        Assert.Null(readiness.Check());
    }

    [Fact]
    public async Task With_strict_readiness_one_failed_model_makes_the_server_unready_and_is_named()
    {
        var readiness = Readiness(await ReadyAndFailedAsync(), strict: true);
        readiness.MarkInitialLoadDone();

        Assert.False(readiness.IsReady);
        Assert.Equal("not ready: model 'broken' version 1: model.onnx is truncated", readiness.Check());
    }

    [Fact]
    public async Task When_every_model_failed_the_server_is_unready_and_names_them_all()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.FailedAsync("broken", "1", "model.onnx is truncated"));
        registry.Add(await TestModel.FailedAsync("garbage", "2", "not an ONNX model"));
        var readiness = Readiness(registry, strict: false);
        readiness.MarkInitialLoadDone();

        Assert.Equal("not ready: model 'broken' version 1: model.onnx is truncated; model 'garbage' version 2: not an ONNX model", readiness.Check());
    }

    [Fact]
    public async Task With_strict_readiness_a_model_never_loaded_is_named_by_its_state()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync());
        registry.Add(new TestModel("pending"));
        var readiness = Readiness(registry, strict: true);
        readiness.MarkInitialLoadDone();

        Assert.Equal("not ready: model 'pending' version 1: pending", readiness.Check());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_registry_is_ready_once_loading_is_done(bool strict)
    {
        var readiness = Readiness(new ModelRegistry(), strict);
        readiness.MarkInitialLoadDone();

        Assert.True(readiness.IsReady);
    }

    [Fact]
    public async Task A_failed_discovery_makes_the_server_unready_with_its_reason()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync());
        var readiness = Readiness(registry, strict: false);
        readiness.MarkDiscoveryFailed("the models could not be found: access denied");
        readiness.MarkInitialLoadDone();

        Assert.Equal("the models could not be found: access denied", readiness.Check());
    }

    private static async Task<ModelRegistry> ReadyAndFailedAsync()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync());
        registry.Add(await TestModel.FailedAsync("broken", "1", "model.onnx is truncated"));
        return registry;
    }

    private static ServingReadiness Readiness(ModelRegistry registry, bool strict) =>
        new(registry, Options.Create(new ServingOptions { StrictReadiness = strict }));
}
