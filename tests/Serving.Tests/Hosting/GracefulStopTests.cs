using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Routing;
using Modelplane.Serving.Tests.Http;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Hosting;

/// <summary>
/// A model server told to stop stops being chosen first (readiness 503, answers marked draining), serves what it has
/// and what still reaches it, and only then stops listening; a server still loading marks its 503s not ready, so the
/// gateway can send the request elsewhere.
/// </summary>
public sealed class GracefulStopTests
{
    private const string Infer = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task A_stopping_server_answers_503_to_readiness_and_finishes_what_it_has_and_what_still_reaches_it_before_it_stops_listening()
    {
        using var inside = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var first = 1;
        var model = new TestModel(predict: request =>
        {
            // The first request stays inside the model until the test lets it go.
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                inside.Release();
                release.Wait(TimeSpan.FromSeconds(60));
            }

            return TestModel.IrisAnswer(request);
        });
        await using var host = await ServingHost.StartAsync(model);
        var inFlight = PostAsync(host.Client);
        await inside.WaitAsync(TimeSpan.FromSeconds(60));

        var stopping = host.StopAsync();
        await Eventually.WaitAsync("readiness to answer 503", async () =>
            (await host.Client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable);
        using var readiness = await host.Client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
        var reason = JsonNode.Parse(await readiness.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        using var late = await PostAsync(host.Client);
        var stoppedEarly = stopping.IsCompleted;
        release.Set();
        using var finished = await inFlight;
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("the server is stopping", reason, StringComparison.Ordinal);
        Assert.False(stoppedEarly);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(ReplicaStateHeader.Draining, late.Headers.GetValues(ReplicaStateHeader.Name).Single());
        Assert.True(late.Headers.ConnectionClose);
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetAsync(new Uri("/v2/health/live", UriKind.Relative)));
    }

    [Fact]
    public async Task A_server_still_loading_its_models_marks_its_503_not_ready()
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await ServingHost.StartLoadingAsync(new TestModel(loadsWhen: loaded.Task));

        using var early = await PostAsync(host.Client);
        loaded.SetResult();
        await Eventually.WaitAsync("the model to load", async () =>
            (await host.Client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).IsSuccessStatusCode);
        using var later = await PostAsync(host.Client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal(ReplicaStateHeader.NotReady, early.Headers.GetValues(ReplicaStateHeader.Name).Single());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False(later.Headers.Contains(ReplicaStateHeader.Name));
    }

    [Fact]
    public async Task A_server_still_loading_its_models_marks_its_gRPC_UNAVAILABLE_not_ready()
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await ServingHost.StartLoadingAsync(new TestModel(loadsWhen: loaded.Task));
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        using var call = new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(TestModel.GrpcRequest());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);
        loaded.SetResult();

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(ReplicaStateHeader.NotReady, (await call.ResponseHeadersAsync).GetValue(ReplicaStateHeader.Name));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client) =>
        client.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), new StringContent(Infer, Encoding.UTF8, "application/json"));
}
