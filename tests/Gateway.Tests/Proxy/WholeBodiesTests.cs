using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Proxy;

/// <summary>
/// A small request body is read whole before it is forwarded, so the replica gets headers and body together; a
/// body over <c>Gateway:WholeBodyBytes</c> streams, so the replica starts on the request before its end has left
/// the client. Either way every byte arrives.
/// </summary>
public sealed class WholeBodiesTests : IAsyncLifetime
{
    private const int WholeBodyBytes = 1000;

    // Every request the replica starts on, before it reads the body.
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LocalServer _replica = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _replica = await LocalServer.StartAsync(app => app.Map("/{**path}", async (HttpContext context) =>
        {
            _started.TrySetResult();
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            return Results.Json(new { received = body.Length, last = body.Length > 0 ? body.ToArray()[^1] : -1 });
        }));
        _gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_replica)))),
            new Dictionary<string, string?> { ["Gateway:WholeBodyBytes"] = WholeBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _replica.DisposeAsync();
    }

    [Fact]
    public async Task A_small_body_reaches_the_replica_only_once_all_of_it_has_arrived()
    {
        using var body = new HalfThenRest(WholeBodyBytes);
        var sending = PostAsync(body);
        await body.FirstHalfSent;

        // Streamed, the headers would be at the replica by now; read whole, nothing leaves before the second half.
        var early = await Task.WhenAny(_started.Task, Task.Delay(TimeSpan.FromMilliseconds(500)));
        body.SendRest();
        var answer = await sending;

        Assert.NotSame(_started.Task, early);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal($"{{\"received\":{WholeBodyBytes},\"last\":{HalfThenRest.LastByte}}}", answer.Body);
    }

    [Fact]
    public async Task A_body_over_the_limit_streams_to_the_replica_as_it_arrives()
    {
        using var body = new HalfThenRest(WholeBodyBytes + 1);
        var sending = PostAsync(body);
        await body.FirstHalfSent;

        await _started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        body.SendRest();
        var answer = await sending;

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal($"{{\"received\":{WholeBodyBytes + 1},\"last\":{HalfThenRest.LastByte}}}", answer.Body);
    }

    private async Task<Answer> PostAsync(HttpContent body)
    {
        using var response = await _gateway.Client.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), body);
        return new Answer(response.StatusCode, null, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>A JSON-typed body of a known length whose second half leaves the client only when the test says so.</summary>
    private sealed class HalfThenRest : HttpContent
    {
        public const byte LastByte = 7;

        private readonly TaskCompletionSource _firstHalfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] _bytes;
        private readonly long _announced;

        public HalfThenRest(int length, int? announced = null)
        {
            _bytes = Enumerable.Repeat((byte)'1', length).ToArray();
            _bytes[^1] = LastByte;
            _announced = announced ?? length;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public Task FirstHalfSent => _firstHalfSent.Task;

        public void SendRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _firstHalfSent.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _announced;
            return true;
        }
    }
}
