using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// Within a revision, <c>:explain</c> goes to the explainer and everything else to the transformer when there is
/// one, else to the predictor; an explain request to a service without an explainer is a 404 that says what to add.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class ComponentRoutingTests(PredictorFleet fleet) : IAsyncLifetime
{
    private LocalServer _explainer = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _explainer = await LocalServer.StartNamedAsync("explainer");
        _gateway = await GatewayHost.StartAsync(Table(
            Service("iris", Revision("stable", 100, Replicas(fleet.Stable))
                .With("transformer", Replicas(fleet.Transformer))
                .With("explainer", Replicas(_explainer))),
            Service("flowers", Revision("blossom", 100, Replicas(fleet.Canary)))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _explainer.DisposeAsync();
    }

    [Fact]
    public async Task Inference_goes_to_the_transformer_when_the_revision_has_one()
    {
        var answer = await _gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(fleet.Transformer.Setosa, answer.Label);
    }

    [Theory]
    [InlineData("/v1/models/iris:explain")]
    [InlineData("/v2/models/iris/explain")]
    public async Task Explain_goes_to_the_explainer_with_the_path_unchanged(string path)
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, path, IrisRequests.V1Predict);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var body = JsonNode.Parse(answer.Body)!;
        Assert.Equal("explainer", body["server"]!.GetValue<string>());
        Assert.Equal(path, body["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_transformer_inference_goes_to_the_predictor()
    {
        var answer = await _gateway.Client.InferAsync("iris", host: Host("flowers"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(fleet.Canary.Setosa, answer.Label);
    }

    [Fact]
    public async Task Explain_on_a_service_without_an_explainer_is_a_404_saying_what_to_add()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, "/v1/models/iris:explain", IrisRequests.V1Predict, host: Host("flowers"));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("service 'flowers' has no explainer; give its InferenceService an explainer to answer explain requests", answer.Error);
    }
}
