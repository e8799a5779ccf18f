using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;

namespace Modelplane.Serving.Tests.Client;

/// <summary>
/// The client's settings come from one section, over the server's defaults and the older keys it still reads; a key of
/// the section wins, and every setting that cannot be used stops the start with its key named.
/// </summary>
public sealed class InferenceClientOptionsTests
{
    [Fact]
    public void Every_setting_is_read_from_the_section()
    {
        var options = Read(new()
        {
            ["Serving:Client:Address"] = "127.0.0.1:8081",
            ["Serving:Client:Protocol"] = "grpc",
            ["Serving:Client:TimeoutSeconds"] = "2.5",
            ["Serving:Client:ConnectRetries"] = "0",
            ["Serving:Client:Headers:X-Api-Key"] = "secret",
        });

        Assert.Equal(("127.0.0.1:8081", InferenceProtocol.Grpc, 2.5, 0), (options.Address, options.Protocol, options.TimeoutSeconds, options.ConnectRetries));
        Assert.Equal("secret", Assert.Single(options.Headers).Value);
        Assert.Equal("Serving:Client:TimeoutSeconds", options.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
    }

    [Fact]
    public void Without_settings_the_defaults_are_binary_tensors_30_seconds_and_two_connection_retries()
    {
        var options = Read([]);

        Assert.Equal((null, InferenceProtocol.Binary, 30.0, 2), (options.Address, options.Protocol, options.TimeoutSeconds, options.ConnectRetries));
        Assert.Empty(options.Headers);
    }

    [Fact]
    public void A_server_names_its_own_section()
    {
        var options = Read(new() { ["Graph:Steps:scorer:Address"] = "http://127.0.0.1:9000", ["Graph:Steps:scorer:Protocol"] = "REST" }, "Graph:Steps:scorer");

        Assert.Equal(("http://127.0.0.1:9000", InferenceProtocol.Rest), (options.Address, options.Protocol));
        Assert.Equal("Graph:Steps:scorer:Address", options.KeyOf(nameof(InferenceClientOptions.Address)));
    }

    [Fact]
    public void An_older_key_sets_what_the_section_leaves_out_and_messages_name_it()
    {
        var options = Read(new() { ["Serving:Client:Protocol"] = "rest" }, configure: OldKeys);

        Assert.Equal(("127.0.0.1:9", InferenceProtocol.Rest, 5.0), (options.Address, options.Protocol, options.TimeoutSeconds));
        Assert.Equal("Old:Predictor", options.KeyOf(nameof(InferenceClientOptions.Address)));
        Assert.Equal("Old:TimeoutSeconds", options.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
        Assert.Equal("Serving:Client:Protocol", options.KeyOf(nameof(InferenceClientOptions.Protocol)));
    }

    [Fact]
    public void The_sections_own_key_wins_over_an_older_one()
    {
        var options = Read(new() { ["Serving:Client:Address"] = "127.0.0.1:8080", ["Serving:Client:TimeoutSeconds"] = "7" }, configure: OldKeys);

        Assert.Equal(("127.0.0.1:8080", 7.0), (options.Address, options.TimeoutSeconds));
        Assert.Equal("Serving:Client:Address", options.KeyOf(nameof(InferenceClientOptions.Address)));
        Assert.Equal("Serving:Client:TimeoutSeconds", options.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds)));
    }

    public static TheoryData<string, string, string> BadSettings { get; } = new()
    {
        { "Serving:Client:Protocol", "soap", "Serving:Client:Protocol is 'soap'; use rest, binary, grpc" },
        { "Serving:Client:TimeoutSeconds", "0", "Serving:Client:TimeoutSeconds is '0'; use a number of seconds above 0" },
        { "Serving:Client:TimeoutSeconds", "soon", "Serving:Client:TimeoutSeconds is 'soon'; use a number of seconds above 0" },
        { "Serving:Client:ConnectRetries", "-1", "Serving:Client:ConnectRetries is '-1'; use a whole number from 0 to 10" },
        { "Serving:Client:ConnectRetries", "11", "Serving:Client:ConnectRetries is '11'; use a whole number from 0 to 10" },
        { "Serving:Client:Adress", "127.0.0.1:8080", "Serving:Client:Adress is not a client setting (settings: Address, Protocol, TimeoutSeconds, ConnectRetries, Headers)" },
        { "Serving:Client:Headers", "secret", "Serving:Client:Headers must be a section of header names and values, as Serving:Client:Headers:X-Api-Key" },
        { "Serving:Client:Headers:grpc-timeout", "1S", "Serving:Client:Headers:grpc-timeout: 'grpc-timeout' is not a header name; use letters, digits, '-', '_' and '.', not starting with grpc-" },
        { "Serving:Client:Address", "ftp://127.0.0.1:21", "Serving:Client:Address 'ftp://127.0.0.1:21' is not an http(s) URL; give http://HOST:PORT, HOST:PORT or a service name" },
        {
            "Serving:Client:Address", "http://127.0.0.1:8080/v2",
            "Serving:Client:Address 'http://127.0.0.1:8080/v2' is not a predictor address; give http://HOST:PORT or HOST:PORT, without a path (the client adds /v2/...)"
        },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_that_cannot_be_used_stops_the_start_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [key] = value }));

        Assert.Equal([message], error.Failures);
    }

    [Fact]
    public void A_bad_address_from_an_older_key_is_named_by_that_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read([], configure: options =>
        {
            options.Address = "ftp://predictor";
            options.ReadFromAlias(nameof(InferenceClientOptions.Address), "Transformer:Predictor");
        }));

        Assert.StartsWith("Transformer:Predictor 'ftp://predictor' is not an http(s) URL", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static void OldKeys(InferenceClientOptions options)
    {
        options.Address = "127.0.0.1:9";
        options.ReadFromAlias(nameof(InferenceClientOptions.Address), "Old:Predictor");
        options.TimeoutSeconds = 5;
        options.ReadFromAlias(nameof(InferenceClientOptions.TimeoutSeconds), "Old:TimeoutSeconds");
    }

    private static InferenceClientOptions Read(Dictionary<string, string?> settings, string section = InferenceClientOptions.Section, Action<InferenceClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddInferenceClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), section, configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<InferenceClientOptions>>().Value;
    }
}
