using System.Net;

namespace Modelplane.Predictor.Tests;

/// <summary>Strict readiness: one broken model makes the whole server not ready, and the answer says which and why.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task With_strict_readiness_a_broken_model_makes_the_server_not_ready()
    {
        using var repository = new TestModelRepository().AddIris().AddModelFile("broken", 1, [1, 2, 3]);
        await using var factory = new PredictorFactory(repository.Root, new Dictionary<string, string?> { ["Serving:StrictReadiness"] = "true" });
        using var client = await factory.StartAsync();

        var (status, body) = await client.GetJsonAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body!["ready"]!.GetValue<bool>());
        Assert.Contains("model 'broken' version 1: broken/1/model.onnx is not a model ONNX Runtime can load", body.Error(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetJsonAsync("/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/alive")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/models/iris:predict", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""")).Status);
    }

    [Fact]
    public async Task An_empty_repository_is_ready_with_no_models()
    {
        using var repository = new TestModelRepository();
        await using var factory = new PredictorFactory(repository.Root);
        using var client = await factory.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/v2/health/ready")).Status);
        var (status, body) = await client.PostJsonAsync("/v2/models/iris/infer", "{}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("model 'iris' is not served here (no models are loaded)", body.Error(), StringComparison.Ordinal);
    }
}
