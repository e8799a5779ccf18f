using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;

namespace Modelplane.Explainer.Tests.Configuration;

/// <summary>
/// The explainer's settings from before the shared inference client still configure it, as aliases of
/// <c>Serving:Client</c>: an explicit <c>Explainer:PredictorUrl</c> (<c>--predictor_host</c>) wins over the service
/// <c>Explainer:Predictor</c> names, and <c>Explainer:PredictorTimeoutSeconds</c> is the timeout; a key of
/// <c>Serving:Client</c> wins over them. (With the address forms now in Serving.Tests' InferenceTargetTests, these are
/// the explainer's PredictorAddress tests.)
/// </summary>
public sealed class ClientSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("iris-predictor-default.models:80")]
    public void An_explicit_address_wins_over_the_named_service_kserves_host_and_port_form_included(string setting)
    {
        var client = Client(new() { ["Explainer:PredictorUrl"] = setting, ["services:predictor:http:0"] = "http://127.0.0.1:1" });

        Assert.Equal(setting, client.Address);
        Assert.Equal("Explainer:PredictorUrl", client.KeyOf(nameof(InferenceClientOptions.Address)));
    }

    [Fact]
    public void Else_the_named_service_is_called_as_aspire_passes_it()
    {
        var client = Client(new()
        {
            ["Explainer:Predictor"] = "iris-predictor",
            ["services:iris-predictor:http:0"] = "http://127.0.0.1:5001",
            ["services:iris-predictor:http:1"] = "http://127.0.0.1:5002",
        });

        Assert.Equal("iris-predictor", client.Address);
        Assert.Equal("Explainer:Predictor", client.KeyOf(nameof(InferenceClientOptions.Address)));
    }

    [Fact]
    public void KServes_switch_still_gives_the_address()
    {
        var client = Client([], "--predictor_host", "127.0.0.1:8080");

        Assert.Equal("127.0.0.1:8080", client.Address);
    }

    [Fact]
    public void The_timeout_is_100_seconds_unless_the_older_key_says_otherwise()
    {
        var unset = Client(new() { ["Explainer:PredictorUrl"] = "127.0.0.1:8080" });
        var set = Client(new() { ["Explainer:PredictorUrl"] = "127.0.0.1:8080", ["Explainer:PredictorTimeoutSeconds"] = "7.5" });

        Assert.Equal((100.0, InferenceProtocol.Binary), (unset.TimeoutSeconds, unset.Protocol));
        Assert.Equal(7.5, set.TimeoutSeconds);
        Assert.Equal("Explainer:PredictorTimeoutSeconds", set.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
    }

    [Fact]
    public void The_client_section_wins_over_the_older_keys()
    {
        var client = Client(new()
        {
            ["Explainer:PredictorUrl"] = "127.0.0.1:8080",
            ["Explainer:PredictorTimeoutSeconds"] = "7.5",
            ["Serving:Client:Address"] = "http://127.0.0.1:9080",
            ["Serving:Client:TimeoutSeconds"] = "12",
        });

        Assert.Equal(("http://127.0.0.1:9080", 12.0), (client.Address, client.TimeoutSeconds));
        Assert.Equal("Serving:Client:TimeoutSeconds", client.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
    }

    [Theory]
    [InlineData(
        null,
        "no predictor to call: set Explainer:PredictorUrl (--predictor_host HOST:PORT), or services__predictor__http__0 as the AppHost does "
        + "(Explainer:Predictor names the service, 'predictor'), or Serving:Client:Address")]
    [InlineData("ftp://127.0.0.1:21", "Explainer:PredictorUrl 'ftp://127.0.0.1:21' is not an http(s) URL; give http://HOST:PORT, HOST:PORT or a service name")]
    [InlineData("http://127.0.0.1:8080/v2", "Explainer:PredictorUrl 'http://127.0.0.1:8080/v2' is not a predictor address; give http://HOST:PORT or HOST:PORT")]
    public void No_usable_address_stops_the_start_naming_the_setting(string? setting, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Client(new() { ["Explainer:PredictorUrl"] = setting }));

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Grpc_is_refused_since_v1_requests_are_passed_on_over_rest()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Client(new() { ["Explainer:PredictorUrl"] = "127.0.0.1:8081", ["Serving:Client:Protocol"] = "grpc" }));

        Assert.Equal(
            "Serving:Client:Protocol is grpc: the explainer passes KServe v1 requests on to the predictor, which only REST carries; use rest or binary",
            Assert.Single(error.Failures));
    }

    private static InferenceClientOptions Client(Dictionary<string, string?> settings, params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddExplainer(args);
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<InferenceClientOptions>>().Value;
    }
}
