using Microsoft.Extensions.Configuration;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Predictor;

namespace Modelplane.Explainer.Tests.Predictor;

public sealed class PredictorAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("iris-predictor-default.models:80", "http://iris-predictor-default.models/")]
    public void An_explicit_address_wins_kserves_host_and_port_form_included(string setting, string address)
    {
        var resolved = PredictorAddress.Resolve(new ExplainerOptions { PredictorUrl = setting }, Configuration(("services:predictor:http:0", "http://10.0.0.1:1")), out var problem);

        Assert.Null(problem);
        Assert.Equal(address, resolved!.BaseAddress.ToString());
    }

    [Fact]
    public void Else_the_named_service_is_discovered_as_aspire_passes_it()
    {
        var resolved = PredictorAddress.Resolve(
            new ExplainerOptions { Predictor = "iris-predictor" },
            Configuration(("services:iris-predictor:http:0", "http://127.0.0.1:5001"), ("services:iris-predictor:http:1", "http://127.0.0.1:5002")),
            out _);

        Assert.Equal("http://iris-predictor/", resolved!.BaseAddress.ToString());
        Assert.Equal("the predictor 'iris-predictor' (http://127.0.0.1:5001, http://127.0.0.1:5002)", resolved.Description);
    }

    [Theory]
    [InlineData(null, "no predictor to call: set Explainer:PredictorUrl (--predictor_host HOST:PORT), or services__predictor__http__0 as the AppHost does")]
    [InlineData("ftp://127.0.0.1:21", "Explainer:PredictorUrl 'ftp://127.0.0.1:21' is not a predictor address; give http://HOST:PORT or HOST:PORT")]
    [InlineData("http://127.0.0.1:8080/v2", "Explainer:PredictorUrl 'http://127.0.0.1:8080/v2' is not a predictor address")]
    public void No_usable_address_is_a_problem_naming_the_setting(string? setting, string message)
    {
        var resolved = PredictorAddress.Resolve(new ExplainerOptions { PredictorUrl = setting }, Configuration(), out var problem);

        Assert.Null(resolved);
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
