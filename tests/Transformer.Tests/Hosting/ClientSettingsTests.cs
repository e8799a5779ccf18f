using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;
using Modelplane.Transformer.Hosting;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// The transformer's settings from before the shared inference client still configure it, as aliases of
/// <c>Serving:Client</c>: <c>Transformer:Predictor</c> (<c>--predictor_host</c>), <c>Transformer:Protocol</c>
/// (<c>--protocol</c>) and <c>Transformer:PredictorTimeoutSeconds</c>; a key of <c>Serving:Client</c> wins.
/// </summary>
public sealed class ClientSettingsTests
{
    [Fact]
    public void The_older_keys_still_configure_the_client_and_messages_name_them()
    {
        var client = Client(new()
        {
            ["Transformer:Predictor"] = "127.0.0.1:8081",
            ["Transformer:Protocol"] = "grpc-v2",
            ["Transformer:PredictorTimeoutSeconds"] = "5",
        });

        Assert.Equal(("127.0.0.1:8081", InferenceProtocol.Grpc, 5.0), (client.Address, client.Protocol, client.TimeoutSeconds));
        Assert.Equal("Transformer:Predictor", client.KeyOf(nameof(InferenceClientOptions.Address)));
        Assert.Equal("Transformer:Protocol", client.KeyOf(nameof(InferenceClientOptions.Protocol)));
        Assert.Equal("Transformer:PredictorTimeoutSeconds", client.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
    }

    [Fact]
    public void KServes_switches_still_configure_the_client()
    {
        var client = Client([], "--predictor_host", "iris-predictor-default.models", "--protocol", "v2");

        Assert.Equal(("iris-predictor-default.models", InferenceProtocol.Binary), (client.Address, client.Protocol));
    }

    [Fact]
    public void The_client_section_wins_over_the_older_keys()
    {
        var client = Client(new()
        {
            ["Transformer:Predictor"] = "127.0.0.1:8081",
            ["Transformer:Protocol"] = "grpc-v2",
            ["Transformer:PredictorTimeoutSeconds"] = "5",
            ["Serving:Client:Address"] = "http://127.0.0.1:9080",
            ["Serving:Client:Protocol"] = "rest",
            ["Serving:Client:TimeoutSeconds"] = "12",
        });

        Assert.Equal(("http://127.0.0.1:9080", InferenceProtocol.Rest, 12.0), (client.Address, client.Protocol, client.TimeoutSeconds));
        Assert.Equal("Serving:Client:Address", client.KeyOf(nameof(InferenceClientOptions.Address)));
    }

    [Fact]
    public void Without_the_older_keys_the_transformer_speaks_binary_tensors_and_waits_30_seconds()
    {
        var client = Client(new() { ["Serving:Client:Address"] = "127.0.0.1:8080" });

        Assert.Equal((InferenceProtocol.Binary, 30.0), (client.Protocol, client.TimeoutSeconds));
    }

    [Theory]
    [InlineData(null, null, "Transformer:Predictor (--predictor_host) is not set: give the predictor's service name, host:port or URL (or Serving:Client:Address)")]
    [InlineData("Transformer:Predictor", "ftp://predictor", "Transformer:Predictor 'ftp://predictor' is not an http(s) URL")]
    [InlineData("Transformer:Protocol", "grpc", "Transformer:Protocol (--protocol) is 'grpc'; use 'v2' or 'grpc-v2'")]
    [InlineData("Transformer:PredictorTimeoutSeconds", "0", "Transformer:PredictorTimeoutSeconds is '0'; it must be a number of seconds more than 0")]
    public void An_older_key_that_cannot_be_used_stops_the_start_naming_it(string? key, string? value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Transformer:Predictor"] = key is null ? null : "127.0.0.1:8080" };
        if (key is not null)
        {
            settings[key] = value;
        }

        var error = Assert.Throws<OptionsValidationException>(() => Client(settings));

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static InferenceClientOptions Client(Dictionary<string, string?> settings, params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTransformer(args);
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<InferenceClientOptions>>().Value;
    }
}
