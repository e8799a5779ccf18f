using Microsoft.AspNetCore.Builder;
using Modelplane.Serving.Hosting;

namespace Modelplane.Serving.Tests.Hosting;

/// <summary>A model server listens on KServe's port 8080 only when nothing configures the address.</summary>
public sealed class DefaultUrlTests
{
    [Theory]
    [InlineData(new string[0], ServingHostingExtensions.DefaultUrl)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:9000" }, "http://127.0.0.1:9000")]
    [InlineData(new[] { "--http_ports", "8081" }, null)]
    public void The_default_address_yields_to_any_configured_one(string[] args, string? urls)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServing(args);

        Assert.Equal(urls, builder.Configuration["urls"]);
    }
}
