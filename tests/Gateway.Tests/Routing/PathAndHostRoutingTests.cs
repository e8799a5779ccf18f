using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// REST requests find their service by the model name in the path (KServe v1 and v2) or by the Host
/// <c>{service}.{namespace}.{domain}</c>, with the domain the route table gives; requests for no service are a 404
/// that says what the gateway serves. Service <c>flowers</c> is served by another predictor than <c>iris</c>, so
/// the label of an answer shows which service it went to.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class PathAndHostRoutingTests(PredictorFleet fleet) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(Table(
        Service("iris", Revision("stable", 100, Replicas(fleet.Stable))),
        Service("flowers", Revision("blossom", 100, Replicas(fleet.Canary)))));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task V2_infer_goes_to_the_service_the_path_names()
    {
        var answer = await _gateway.Client.InferAsync("iris");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("stable", answer.Revision);
        Assert.Equal(fleet.Stable.Setosa, answer.Label);
    }

    [Fact]
    public async Task V1_predict_goes_to_the_service_the_path_names()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, "/v1/models/iris:predict", IrisRequests.V1Predict);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("stable", answer.Revision);
        Assert.Single(JsonNode.Parse(answer.Body)!["predictions"]!.AsArray());
    }

    [Fact]
    public async Task V2_model_metadata_is_routed_by_the_path()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Get, "/v2/models/iris");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("stable", answer.Revision);
        Assert.Equal("iris", JsonNode.Parse(answer.Body)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_host_names_the_service_whatever_the_path_says()
    {
        var answer = await _gateway.Client.InferAsync("iris", host: Host("flowers"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("blossom", answer.Revision);
        Assert.Equal(fleet.Canary.Setosa, answer.Label);
    }

    [Fact]
    public async Task A_host_in_another_domain_than_the_tables_is_not_a_service_host()
    {
        // example.com is the default domain; this table's is example.test, so the path decides.
        var answer = await _gateway.Client.InferAsync("iris", host: $"flowers.{Namespace}.example.com");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("stable", answer.Revision);
        Assert.Equal(fleet.Stable.Setosa, answer.Label);
    }

    [Theory]
    [InlineData("POST", "/v1/models/tulip:predict", "service 'tulip' is not served by this gateway (services: iris, flowers)")]
    [InlineData("POST", "/v2/models/tulip/infer", "service 'tulip' is not served by this gateway (services: iris, flowers)")]
    [InlineData("GET", "/v2/models/tulip", "service 'tulip' is not served by this gateway (services: iris, flowers)")]
    [InlineData("GET", "/foo", "no service answers GET /foo: send to /v1/models/{name}..., /v2/models/{name}/..., or Host {service}.{namespace}.example.test (services: iris, flowers)")]
    [InlineData("POST", "/v2/infer", "no service answers POST /v2/infer: send to /v1/models/{name}..., /v2/models/{name}/..., or Host {service}.{namespace}.example.test (services: iris, flowers)")]
    public async Task A_request_for_no_service_is_a_404_saying_what_is_served(string method, string path, string message)
    {
        var answer = await _gateway.Client.SendAsync(new HttpMethod(method), path, method == "POST" ? IrisRequests.V2Classify : null);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(message, answer.Error);
    }
}
