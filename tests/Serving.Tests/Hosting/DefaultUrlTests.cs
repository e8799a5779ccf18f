using Microsoft.Extensions.Configuration;
using Modelplane.Serving.Hosting;

namespace Modelplane.Serving.Tests.Hosting;

/// <summary>A model server listens on KServe's port 8080 only when nothing configures the address.</summary>
public sealed class DefaultUrlTests
{
    [Theory]
    [InlineData(null, null, ServingEndpoints.DefaultUrl)]
    [InlineData("http://127.0.0.1:9000", null, "http://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000;http://[::1]:9001", null, "http://127.0.0.1:9000|http://[::1]:9001")]
    [InlineData(null, "8082", "http://+:8082")]
    public void The_default_address_yields_to_any_configured_one(string? urls, string? httpPorts, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls, ["http_ports"] = httpPorts })
            .Build();

        Assert.Equal(expected.Split('|'), ServingEndpoints.ConfiguredUrls(configuration));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", null)]
    [InlineData("http://+:8080", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("https://127.0.0.1:8443", "a model server listens on plain http (TLS ends at the gateway)")]
    [InlineData("http://models.example.com:8080", "listen on an IP address, localhost or a wildcard (+, *), not a host name")]
    public void Addresses_a_server_cannot_listen_on_are_named(string url, string? problem)
    {
        var message = ServingEndpoints.CheckUrl(url);

        if (problem is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.Contains(problem, message, StringComparison.Ordinal);
        }
    }
}
