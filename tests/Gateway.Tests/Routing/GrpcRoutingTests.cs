using System.Text;
using Grpc.Core;
using Modelplane.Serving.Grpc.V2;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// gRPC requests go through the gateway's HTTP/2 port to the predictors' gRPC ports: the service is named by the
/// <c>model-name</c> metadata or by the Host (the HTTP/2 authority), and a call for no service, or for a service whose
/// predictor does not speak gRPC, fails with a status and a message that say why.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class GrpcRoutingTests(PredictorFleet fleet) : IAsyncLifetime
{
    private LocalServer _restOnly = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _restOnly = await LocalServer.StartNamedAsync("rest-only");
        _gateway = await GatewayHost.StartAsync(Table(
            Service("iris", Revision("stable", 100, Replicas(fleet.Stable))),
            Service("flowers", Revision("blossom", 100, Replicas(fleet.Canary))),
            Service("legacy", Revision("old", 100, Replicas(_restOnly)))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _restOnly.DisposeAsync();
    }

    [Fact]
    public async Task The_model_name_metadata_names_the_service()
    {
        using var channel = _gateway.GrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        using var call = client.ModelInferAsync(Classify(), new Metadata { { "model-name", "iris" } });
        var response = await call;

        Assert.Equal(fleet.Stable.Setosa, Label(response));
        Assert.Equal("stable", (await call.ResponseHeadersAsync).GetValue(Answer.RevisionHeader));
    }

    [Fact]
    public async Task The_host_names_the_service()
    {
        using var channel = _gateway.GrpcChannel(Host("flowers"));
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        using var call = client.ModelInferAsync(Classify());
        var response = await call;

        Assert.Equal(fleet.Canary.Setosa, Label(response));
        Assert.Equal("blossom", (await call.ResponseHeadersAsync).GetValue(Answer.RevisionHeader));
    }

    [Fact]
    public async Task Model_readiness_is_routed_like_inference()
    {
        using var channel = _gateway.GrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var ready = await client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" }, new Metadata { { "model-name", "iris" } });

        Assert.True(ready.Ready);
    }

    [Theory]
    [InlineData(null, null, StatusCode.NotFound, "name the model of a gRPC request in the 'model-name' metadata or the Host (services: iris, flowers, legacy)")]
    [InlineData("tulip", null, StatusCode.NotFound, "service 'tulip' is not served by this gateway (services: iris, flowers, legacy)")]
    [InlineData(null, "legacy", StatusCode.NotFound, "the predictor of service 'legacy' does not speak gRPC; send REST requests to it")]
    public async Task A_call_the_gateway_cannot_route_fails_with_a_status_that_says_why(string? modelName, string? hostService, StatusCode status, string message)
    {
        using var channel = _gateway.GrpcChannel(hostService is null ? null : Host(hostService));
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var metadata = modelName is null ? new Metadata() : new Metadata { { "model-name", modelName } };

        var failure = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(Classify(), metadata));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(message, failure.Status.Detail);
    }

    /// <summary>The setosa row, asking for the top class by name.</summary>
    private static ModelInferRequest Classify()
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { 1, 4 }, Contents = new InferTensorContents() };
        input.Contents.Fp32Contents.AddRange(IrisRequests.SetosaRow);
        var output = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" };
        output.Parameters["classification"] = new InferParameter { Int64Param = 1 };
        return new ModelInferRequest { ModelName = "iris", Inputs = { input }, Outputs = { output } };
    }

    /// <summary>The label of the top class (<c>"score:index:label"</c>), which names the predictor that answered.</summary>
    private static string Label(ModelInferResponse response)
    {
        var text = response.Outputs[0].Contents?.BytesContents.Count > 0
            ? response.Outputs[0].Contents.BytesContents[0].ToStringUtf8()
            : Encoding.UTF8.GetString(response.RawOutputContents[0].Span[4..]);
        return text[(text.LastIndexOf(':') + 1)..];
    }
}
