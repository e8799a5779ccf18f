using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Tests.Models;

/// <summary>Which version answers for a name, and the 404s that list what is served.</summary>
public sealed class ModelRegistryTests
{
    [Fact]
    public async Task Without_a_version_the_newest_ready_version_answers()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync(version: "2"));
        registry.Add(await TestModel.LoadedAsync(version: "10"));
        registry.Add(await TestModel.LoadedAsync(version: "1"));

        Assert.Equal("10", registry.Resolve("iris").Version);
        Assert.Equal(["1", "2", "10"], registry.Versions("iris").Select(m => m.Version));
    }

    [Fact]
    public async Task A_newer_version_that_failed_does_not_answer_in_place_of_an_older_ready_one()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync(version: "1"));
        registry.Add(await TestModel.FailedAsync("iris", "2", "model.onnx is truncated"));

        Assert.Equal("1", registry.Resolve("iris").Version);
    }

    [Fact]
    public async Task When_no_version_is_ready_the_newest_answers_so_its_error_says_why()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.FailedAsync("iris", "1", "bad file"));
        registry.Add(await TestModel.FailedAsync("iris", "2", "model.onnx is truncated"));

        var model = registry.Resolve("iris");

        Assert.Equal("2", model.Version);
        var error = Assert.Throws<InferenceException>(model.EnsureReady);
        Assert.Contains("model.onnx is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_version_answers_even_when_a_newer_one_exists()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync(version: "1"));
        registry.Add(await TestModel.LoadedAsync(version: "2"));

        Assert.Equal("1", registry.Resolve("iris", "1").Version);
        Assert.Equal("2", registry.Resolve("iris", "2").Version);
        Assert.Equal("2", registry.Resolve("iris", string.Empty).Version);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_listing_the_models()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync("iris"));
        registry.Add(await TestModel.LoadedAsync("adult"));

        var error = Assert.Throws<InferenceException>(() => registry.Resolve("tulip"));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("model 'tulip' is not served here (models: adult, iris)", error.Message);
        Assert.Equal(["adult", "iris"], registry.Names);
    }

    [Fact]
    public void An_empty_registry_says_no_models_are_loaded()
    {
        var error = Assert.Throws<InferenceException>(() => new ModelRegistry().Resolve("iris"));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'iris' is not served here (no models are loaded)", error.Message);
    }

    [Fact]
    public async Task While_the_server_starts_an_unknown_model_is_a_503_saying_why_and_a_404_once_it_has_started()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync("iris"));
        registry.MarkStarting("the server is still loading the models it starts with");

        var starting = Assert.Throws<InferenceException>(() => registry.Resolve("adult"));
        Assert.Equal(503, starting.StatusCode);
        Assert.Equal("model 'adult' is not loaded yet: the server is still loading the models it starts with; try again shortly", starting.Message);
        Assert.Equal("iris", registry.Resolve("iris").Name);

        registry.MarkStarting(null);
        var started = Assert.Throws<InferenceException>(() => registry.Resolve("adult"));
        Assert.Equal(404, started.StatusCode);
        Assert.Equal("model 'adult' is not served here (models: iris)", started.Message);
    }

    [Fact]
    public async Task An_unknown_version_is_a_404_listing_the_versions()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync(version: "10"));
        registry.Add(await TestModel.LoadedAsync(version: "2"));

        var error = Assert.Throws<InferenceException>(() => registry.Resolve("iris", "7"));

        Assert.Equal(InferenceErrorKind.NotFound, error.Kind);
        Assert.Equal("model 'iris' has no version '7' (versions: 2, 10)", error.Message);
    }

    [Fact]
    public async Task Registering_a_version_twice_throws()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync(version: "1"));

        var error = Assert.Throws<InvalidOperationException>(() => registry.Add(new TestModel(version: "1")));

        Assert.Equal("model 'iris' version 1 is already registered", error.Message);
        Assert.Single(registry.All);
    }

    [Fact]
    public async Task All_lists_every_version_by_name_then_version()
    {
        var registry = new ModelRegistry();
        registry.Add(await TestModel.LoadedAsync("iris", "2"));
        registry.Add(await TestModel.LoadedAsync("adult", "1"));
        registry.Add(await TestModel.LoadedAsync("iris", "1"));

        Assert.Equal(["adult/1", "iris/1", "iris/2"], registry.All.Select(m => $"{m.Name}/{m.Version}"));
        Assert.Empty(registry.Versions("tulip"));
    }
}
