using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Serving.Tests.Http;

namespace Modelplane.Serving.Tests.Models;

/// <summary>
/// Unloading drains: it waits for the requests in flight, which complete normally, and refuses new ones with a
/// 503 naming the reason (UNAVAILABLE over gRPC) meanwhile; never a crash, never a request cut off.
/// </summary>
public sealed class ModelUnloadTests
{
    private const string Infer = "/v2/models/iris/infer";

    private const string TwoRows = """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 4], "data": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}""";

    private const string Answer =
        """{"model_name":"iris","model_version":"1","outputs":[{"name":"label","datatype":"INT64","shape":[2],"data":[1,1]},{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.1,0.7,0.2,0.1,0.7,0.2]}]}""";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unload_waits_for_the_request_in_flight_and_refuses_new_ones_with_503()
    {
        var predicting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new ManualResetEventSlim();
        var model = new TestModel(predict: request =>
        {
            predicting.TrySetResult();
            gate.Wait(Limit);
            return TestModel.IrisAnswer(request);
        });
        var host = await ServingHost.StartAsync(model);
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        try
        {
            var first = PostAsync(host.Client, Infer, TwoRows);
            await predicting.Task.WaitAsync(Limit);
            Assert.Equal(1, model.InFlight);

            var unload = model.UnloadAsync(CancellationToken.None);

            Assert.Equal(ModelState.Unloading, model.State);
            foreach (var path in new[] { Infer, "/v2/models/iris/versions/1/infer" })
            {
                var (status, body, retryAfter) = await PostAsync(host.Client, path, TwoRows);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.Equal("""{"error":"model 'iris' version 1 is not ready: it is unloading"}""", body);
                Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
            }

            var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(TestModel.GrpcRequest()));
            Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
            Assert.Equal("model 'iris' version 1 is not ready: it is unloading", grpc.Status.Detail);
            using (var ready = await host.Client.GetAsync(new Uri("/v2/models/iris/ready", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("it is unloading", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The first request still holds the model: the unload has not finished, and could not have.
            Assert.False(unload.IsCompleted);
            Assert.False(first.IsCompleted);
            Assert.Equal(1, model.InFlight);

            gate.Set();

            var (firstStatus, firstBody, _) = await first.WaitAsync(Limit);
            Assert.Equal(HttpStatusCode.OK, firstStatus);
            Assert.Equal(Answer, firstBody);
            await unload.WaitAsync(Limit);
            Assert.Equal(ModelState.Unloaded, model.State);
            Assert.Equal(0, model.InFlight);

            var after = await PostAsync(host.Client, Infer, TwoRows);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.Status);
            Assert.Equal("""{"error":"model 'iris' version 1 is not ready: it is unloaded"}""", after.Body);
        }
        finally
        {
            gate.Set();
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unload_with_nothing_in_flight_completes_and_refuses_what_follows()
    {
        var model = await TestModel.LoadedAsync();

        await model.UnloadAsync(CancellationToken.None).WaitAsync(Limit);

        Assert.Equal(ModelState.Unloaded, model.State);
        Assert.False(model.TryAcquire());
        Assert.Equal(0, model.InFlight);
        var error = await Assert.ThrowsAsync<InferenceException>(async () => await model.InferAsync(IrisRequest(), CancellationToken.None));
        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("model 'iris' version 1 is not ready: it is unloaded", error.Message);
    }

    [Fact]
    public async Task A_request_that_took_its_lease_before_the_unload_began_is_served()
    {
        var registry = new ModelRegistry();
        var model = await TestModel.LoadedAsync();
        registry.Add(model);

        // The lease is what a server takes first, before it reads and decodes the body: the request is in flight.
        var lease = registry.Acquire("iris");
        Task unload;
        InferenceResponse response;
        try
        {
            unload = model.UnloadAsync(CancellationToken.None);
            Assert.False(unload.IsCompleted);

            response = await lease.InferAsync(IrisRequest(), CancellationToken.None);
        }
        finally
        {
            lease.Dispose();
        }

        Assert.Equal([1L], response.Outputs[0].AsSpan<long>().ToArray());
        await unload.WaitAsync(Limit);
        Assert.Equal(ModelState.Unloaded, model.State);
    }

    [Fact]
    public async Task A_request_whose_body_is_still_arriving_when_the_unload_begins_is_served()
    {
        var model = new TestModel();
        var host = await ServingHost.StartAsync(model);
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var body = Encoding.UTF8.GetBytes(TwoRows);
            using var content = new SlowContent(body, rest.Task);
            using var message = new HttpRequestMessage(HttpMethod.Post, Infer) { Content = content };
            var first = host.Client.SendAsync(message);

            // The handler holds its lease while it waits for the rest of the body.
            using (var timeout = new CancellationTokenSource(Limit))
            {
                while (model.InFlight == 0)
                {
                    await Task.Delay(10, timeout.Token);
                }
            }

            var unload = model.UnloadAsync(CancellationToken.None);
            rest.SetResult();

            using var response = await first.WaitAsync(Limit);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"a request in flight when the unload began got {(int)response.StatusCode} {answer}");
            Assert.Equal(Answer, answer);
            await unload.WaitAsync(Limit);
            Assert.Equal(ModelState.Unloaded, model.State);
        }
        finally
        {
            rest.TrySetResult();
            await host.DisposeAsync();
        }
    }

    private static InferenceRequest IrisRequest() =>
        new() { Inputs = [InferenceTensor.FromValues<float>("input", TensorDataType.FP32, [1, 4], [6.8f, 2.8f, 4.8f, 1.4f])] };

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>A body whose first half is sent at once and the rest only when <c>rest</c> completes.</summary>
    private sealed class SlowContent(byte[] body, Task rest) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var half = body.Length / 2;
            await stream.WriteAsync(body.AsMemory(0, half));
            await stream.FlushAsync();
            await rest;
            await stream.WriteAsync(body.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    [Fact]
    public async Task A_request_without_a_lease_is_refused_while_unloading()
    {
        var model = await TestModel.LoadedAsync();
        Assert.True(model.TryAcquire());
        var unload = model.UnloadAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InferenceException>(async () => await model.InferAsync(IrisRequest(), CancellationToken.None));

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Contains("is not ready: it is unloading", error.Message, StringComparison.Ordinal);
        model.Release();
        await unload.WaitAsync(Limit);
    }
}
