using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Grpc.V2;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Autoscaling;

/// <summary>
/// The gateway as Knative's activator: a component scaled to zero (no replica listed) holds its requests, REST and
/// gRPC alike, until the AppHost lists a replica it started, and sends them to it once that replica answers ready,
/// never before; when the AppHost says no replica can start, held and new requests are answered at once with why.
/// </summary>
public sealed class ScaleFromZeroTests
{
    private static JsonObject AtZero(string? unavailable = null)
    {
        var component = new JsonObject { ["http"] = new JsonArray(), ["grpc"] = new JsonArray(), ["scaledToZero"] = true };
        if (unavailable is not null)
        {
            component["unavailable"] = unavailable;
        }

        return Table(Service("iris", Revision("default", 100, component)));
    }

    [Fact]
    public async Task A_request_at_zero_waits_for_the_replica_the_table_then_lists_and_is_answered_by_it_once_it_is_ready()
    {
        var ready = false;
        await using var replica = await PredictorReplica.StartAsync("started");
        await using var loading = await LocalServer.StartAsync(app => app.MapPost("/v1/models/iris:predict", () => Results.StatusCode(500)), readiness: () => Volatile.Read(ref ready));
        await using var gateway = await GatewayHost.StartAsync(AtZero());

        var held = gateway.Client.InferAsync("iris");
        await Task.Delay(300);
        Assert.False(held.IsCompleted);

        // The AppHost starts a replica and lists it; it is still loading, and gets nothing until its readiness says so.
        await gateway.WriteRouteTableAsync(Table(Service("iris", Revision("default", 100, Replicas(loading)))));
        await Task.Delay(500);
        Assert.False(held.IsCompleted);
        await gateway.WriteRouteTableAsync(Table(Service("iris", Revision("default", 100, Replicas(replica)))));

        var answer = await held;
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(replica.Setosa, answer.Label);
    }

    [Fact]
    public async Task A_replica_added_to_a_serving_component_gets_requests_only_once_it_answers_ready()
    {
        var ready = false;
        var early = 0;
        await using var serving = await PredictorReplica.StartAsync("serving");
        await using var added = await LocalServer.StartAsync(
            app => app.MapPost("/v1/models/iris:predict", () =>
            {
                Interlocked.Increment(ref early);
                return Results.StatusCode(500);
            }),
            readiness: () => Volatile.Read(ref ready));
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(serving)))));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.InferAsync("iris")).Status);

        await gateway.WriteRouteTableAsync(Table(Service("iris", Revision("default", 100, Replicas(serving, added)))));
        await Task.Delay(500);
        var answers = await GatewayCalls.ManyAsync(40, 4, _ => gateway.Client.InferAsync("iris"));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, serving.Setosa), (a.Status, a.Label)));
        Assert.Equal(0, Volatile.Read(ref early));
    }

    [Fact]
    public async Task A_gRPC_request_at_zero_is_held_too_and_told_the_revision_is_starting_when_the_hold_runs_out()
    {
        await using var gateway = await GatewayHost.StartAsync(AtZero(), new Dictionary<string, string?> { ["Gateway:HoldSeconds"] = "0.5" });
        using var channel = gateway.GrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var failure = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(new ModelInferRequest { ModelName = "iris" }, new Metadata { { "model-name", "iris" } }));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.StartsWith("service 'iris' revision default: the revision is starting from zero: no predictor replica became ready within 0.5 s", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_AppHost_says_no_replica_can_start_held_and_new_requests_are_answered_with_why()
    {
        const string Reason = "iris-predictor-default-0 exited with code 1: model iris version 1 failed to load: not an ONNX model";
        await using var gateway = await GatewayHost.StartAsync(AtZero());
        var held = gateway.Client.InferAsync("iris");
        await Task.Delay(300);
        Assert.False(held.IsCompleted);

        await gateway.WriteRouteTableAsync(AtZero(Reason));
        var released = await held;
        var fresh = await gateway.Client.InferAsync("iris");

        foreach (var answer in new[] { released, fresh })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.StartsWith("service 'iris' revision default: its predictor could not be started", answer.Error, StringComparison.Ordinal);
            Assert.EndsWith(Reason, answer.Error, StringComparison.Ordinal);
        }
    }
}
