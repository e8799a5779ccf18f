using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Auth;

/// <summary>
/// With API keys configured, a request needs a key (<c>Authorization: Bearer</c> or <c>x-api-key</c>) allowed for
/// its service: none or a wrong one is a 401, one for another service a 403 naming the key, never the secret. Keys
/// reach neither the model servers nor the logs; the gateway's own health endpoints need none. A caller learns only
/// the services its key may call, and <c>/metrics</c>, which covers every service, takes a key for all of them.
/// </summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string IrisSecret = "s3cret-iris-key-0123456789";
    private const string AllSecret = "s3cret-all-key-9876543210";
    private LocalServer _echo = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _echo = await LocalServer.StartEchoAsync();
        _gateway = await GatewayHost.StartAsync(
            Table(
                Service("iris", Revision("stable", 100, Replicas(_echo))),
                Service("flowers", Revision("stable", 100, Replicas(_echo)))),
            new Dictionary<string, string?>
            {
                ["Gateway:ApiKeys:0:Name"] = "iris-team",
                ["Gateway:ApiKeys:0:Key"] = IrisSecret,
                ["Gateway:ApiKeys:0:Services:0"] = "iris",
                ["Gateway:ApiKeys:1:Name"] = "platform",
                ["Gateway:ApiKeys:1:Key"] = AllSecret,
                ["Gateway:ApiKeys:1:Services:0"] = "*",

                // Everything the gateway and its libraries log, so the check below sees every line.
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Yarp"] = "Trace",
            });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Theory]
    [InlineData("iris", null, null, HttpStatusCode.Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY")]
    [InlineData("iris", "Authorization", "Bearer not-a-key", HttpStatusCode.Unauthorized, "the API key is not valid for this gateway")]
    [InlineData("iris", "x-api-key", "not-a-key", HttpStatusCode.Unauthorized, "the API key is not valid for this gateway")]
    [InlineData("iris", "Authorization", "Basic " + IrisSecret, HttpStatusCode.Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY")]
    [InlineData("flowers", "Authorization", "Bearer " + IrisSecret, HttpStatusCode.Forbidden, "the API key 'iris-team' may not call service 'flowers'")]
    [InlineData("flowers", "x-api-key", IrisSecret, HttpStatusCode.Forbidden, "the API key 'iris-team' may not call service 'flowers'")]
    public async Task A_request_without_a_key_for_its_service_is_refused_with_a_clear_status(string service, string? header, string? value, HttpStatusCode status, string message)
    {
        var answer = await _gateway.Client.InferAsync(service, headers: header is null ? null : [(header, value!)]);

        Assert.Equal(status, answer.Status);
        Assert.Equal(message, answer.Error);
    }

    [Theory]
    [InlineData("iris", "Authorization", "Bearer " + IrisSecret)]
    [InlineData("iris", "x-api-key", IrisSecret)]
    [InlineData("flowers", "Authorization", "Bearer " + AllSecret)]
    [InlineData("iris", "x-api-key", AllSecret)]
    public async Task A_key_allowed_for_the_service_passes_and_does_not_reach_the_model_server(string service, string header, string value)
    {
        var answer = await _gateway.Client.InferAsync(service, headers: [(header, value)]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var upstreamHeaders = JsonNode.Parse(answer.Body)!.AsObject();
        Assert.False(upstreamHeaders.ContainsKey("authorization"), answer.Body);
        Assert.False(upstreamHeaders.ContainsKey("x-api-key"), answer.Body);
    }

    [Fact]
    public async Task Keys_never_appear_in_the_logs()
    {
        await _gateway.Client.InferAsync("iris", headers: [("Authorization", "Bearer " + IrisSecret)]);
        await _gateway.Client.InferAsync("flowers", headers: [("x-api-key", IrisSecret)]);
        await _gateway.Client.InferAsync("flowers", headers: [("x-api-key", AllSecret + "x")]);

        Assert.NotEmpty(_gateway.Logs.Lines);
        Assert.DoesNotContain(_gateway.Logs.Lines, line => line.Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY")]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized, "the API key is not valid for this gateway")]
    [InlineData(IrisSecret, HttpStatusCode.NotFound, "service 'tulips' is not served by this gateway (services: iris)")]
    [InlineData(AllSecret, HttpStatusCode.NotFound, "service 'tulips' is not served by this gateway (services: iris, flowers)")]
    public async Task An_unknown_service_names_only_the_services_the_callers_key_may_call(string? key, HttpStatusCode status, string message)
    {
        var answer = await _gateway.Client.InferAsync("tulips", headers: key is null ? null : [("x-api-key", key)]);

        Assert.Equal(status, answer.Status);
        Assert.Equal(message, answer.Error);
    }

    [Fact]
    public async Task A_request_to_no_route_without_a_key_learns_no_service_name()
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Get, "/nowhere");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.DoesNotContain("iris", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("flowers", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY")]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized, "the API key is not valid for this gateway")]
    [InlineData(IrisSecret, HttpStatusCode.Forbidden, "the API key 'iris-team' may not read /metrics, which covers every service: that takes a key whose Services are [\"*\"]")]
    public async Task Metrics_take_a_key_for_every_service(string? key, HttpStatusCode status, string message)
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Get, "/metrics", headers: key is null ? null : [("Authorization", "Bearer " + key)]);

        Assert.Equal(status, answer.Status);
        Assert.Equal(message, answer.Error);
        Assert.DoesNotContain("modelplane_gateway", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_for_every_service_reads_the_metrics()
    {
        await _gateway.Client.InferAsync("iris", headers: [("x-api-key", AllSecret)]);

        var answer = await _gateway.Client.SendAsync(HttpMethod.Get, "/metrics", headers: [("Authorization", "Bearer " + AllSecret)]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("modelplane_gateway_request_duration_seconds", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/health/ready")]
    [InlineData("/v2/health/live")]
    [InlineData("/health")]
    public async Task The_gateways_own_health_endpoints_need_no_key(string path)
    {
        var answer = await _gateway.Client.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
