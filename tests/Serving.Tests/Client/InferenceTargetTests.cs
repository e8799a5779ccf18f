using Microsoft.Extensions.Configuration;
using Modelplane.Serving.Client;

namespace Modelplane.Serving.Tests.Client;

/// <summary>
/// What an address setting means: a URL, KServe's <c>--predictor_host</c> forms, or a service the AppHost passes by
/// reference; and what is not an address, each saying why. (The explainer's PredictorAddress tests, moved here.)
/// </summary>
public sealed class InferenceTargetTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/", "the predictor at http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/", "the predictor at http://127.0.0.1:8080")]
    [InlineData(" https://models.example:8443/ ", "https://models.example:8443/", "the predictor at https://models.example:8443")]
    [InlineData("iris-predictor-default.models:80", "http://iris-predictor-default.models/", "the predictor at http://iris-predictor-default.models")]
    [InlineData("iris-predictor-default.models", "http://iris-predictor-default.models/", "the predictor at http://iris-predictor-default.models")]
    public void A_url_or_kserves_host_and_port_is_called_as_given(string address, string baseAddress, string description)
    {
        var target = Resolve(address, InferenceProtocol.Binary, ("services:predictor:http:0", "http://127.0.0.1:1"));

        Assert.Equal((baseAddress, description), (target.BaseAddress.ToString(), target.Description));
    }

    [Theory]
    [InlineData(InferenceProtocol.Binary, "http://iris-predictor/", "the predictor 'iris-predictor' (http://127.0.0.1:5001, http://127.0.0.1:5002)")]
    [InlineData(InferenceProtocol.Grpc, "http://_grpc.iris-predictor/", "the predictor 'iris-predictor' (http://127.0.0.1:5003)")]
    public void A_service_name_is_found_through_service_discovery_as_aspire_passes_it(InferenceProtocol protocol, string baseAddress, string description)
    {
        var target = Resolve(
            "iris-predictor",
            protocol,
            ("services:iris-predictor:http:0", "http://127.0.0.1:5001"),
            ("services:iris-predictor:http:1", "http://127.0.0.1:5002"),
            ("services:iris-predictor:grpc:0", "http://127.0.0.1:5003"));

        Assert.Equal((baseAddress, description), (target.BaseAddress.ToString(), target.Description));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21", InferenceProtocol.Binary, "'ftp://127.0.0.1:21' is not an http(s) URL; give http://HOST:PORT, HOST:PORT or a service name")]
    [InlineData("http://127.0.0.1:8080/v2", InferenceProtocol.Binary, "'http://127.0.0.1:8080/v2' is not a predictor address; give http://HOST:PORT or HOST:PORT")]
    [InlineData("127.0.0.1:8080/v2", InferenceProtocol.Rest, "'127.0.0.1:8080/v2' is not a predictor address; give http://HOST:PORT or HOST:PORT")]
    [InlineData("http-only", InferenceProtocol.Grpc, "'http-only' names a service without a usable grpc endpoint; service discovery needs services__http-only__grpc__0")]
    [InlineData("a b", InferenceProtocol.Rest, "'a b' is neither a URL, a host:port, nor a service name with a services:a b section")]
    public void What_is_not_an_address_says_why(string address, InferenceProtocol protocol, string problem)
    {
        var target = InferenceTarget.Resolve(address, protocol, Configuration(("services:http-only:http:0", "http://127.0.0.1:5001")), out var said);

        Assert.Null(target);
        Assert.StartsWith(problem, said, StringComparison.Ordinal);
    }

    private static InferenceTarget Resolve(string address, InferenceProtocol protocol, params (string Key, string Value)[] settings)
    {
        var target = InferenceTarget.Resolve(address, protocol, Configuration(settings), out var problem);
        Assert.True(target is not null, problem);
        return target;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
