using System.Net;
using System.Text;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Limits;

/// <summary>
/// Per-service timeouts (504 naming the limit), concurrency limits (503 with Retry-After at once, not a queue) and
/// the request body limit (413, whether the body announces its length or not), each answered by the gateway with a
/// message that names the setting.
/// </summary>
public sealed class LimitTests : IAsyncLifetime
{
    private const int BodyLimit = 4096;
    private readonly Gate _gate = new();
    private LocalServer _held = null!;
    private LocalServer _echo = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _held = await LocalServer.StartGatedAsync(_gate);
        _echo = await LocalServer.StartNamedAsync("echo");
        _gateway = await GatewayHost.StartAsync(
            Table(
                Service("slow", Revision("stable", 100, Replicas(_held))).With("timeoutSeconds", 0.5),
                Service("narrow", Revision("stable", 100, Replicas(_held))).With("maxConcurrency", 2).With("timeoutSeconds", 0),
                Service("open", Revision("stable", 100, Replicas(_echo)))),
            new Dictionary<string, string?> { ["Gateway:MaxRequestBodySize"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _gateway.DisposeAsync();
        await _held.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_request_over_the_services_timeout_is_a_504_naming_it()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/slow/infer", "{}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, answer.Status);
        Assert.Equal("service 'slow' revision stable: the predictor did not answer within 0.5 s (timeoutSeconds)", answer.Error);
    }

    [Fact]
    public async Task Over_the_concurrency_limit_a_request_is_refused_at_once_with_retry_after()
    {
        var held = Enumerable.Range(0, 2).Select(_ => _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/narrow/infer", "{}")).ToList();
        await Eventually.WaitAsync("two requests held upstream", () => Task.FromResult(_gate.Waiting == 2));

        var refused = await _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/narrow/infer", "{}");
        _gate.Open();
        var passed = await Task.WhenAll(held);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("1", refused.Headers.Header("Retry-After"));
        Assert.Equal("service 'narrow' has 2 requests in flight, its limit (maxConcurrency); try again shortly", refused.Error);
        Assert.All(passed, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        Assert.Equal(2, _gate.Arrived);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_naming_the_setting()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/open/infer", Body(BodyLimit + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal($"request body of {BodyLimit + 1} bytes is over the gateway's limit of {BodyLimit} bytes (Gateway:MaxRequestBodySize)", answer.Error);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_is_a_413_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v2/models/open/infer", UriKind.Relative))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body(BodyLimit * 2)))),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _gateway.Client.SendAsync(request);
        var answer = new Answer(response.StatusCode, null, await response.Content.ReadAsStringAsync(), response.Headers);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal($"request body is over the gateway's limit of {BodyLimit} bytes (Gateway:MaxRequestBodySize)", answer.Error);
    }

    [Fact]
    public async Task A_body_within_the_limit_passes()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/open/infer", Body(BodyLimit));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    private static string Body(int bytes) => "{\"pad\": \"" + new string('x', bytes - 11) + "\"}";
}
