using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Modelplane.ServiceDefaults.Tests;

/// <summary>
/// <c>AddServiceDefaults()</c> and <c>MapDefaultEndpoints()</c> in a real web application on 127.0.0.1 with an
/// OS-picked port: health, liveness and Prometheus metrics, as Kubernetes and Prometheus see them.
/// </summary>
public sealed partial class ExtensionsTests
{
    [Fact]
    public async Task Health_and_liveness_are_healthy_when_every_check_is()
    {
        await using var app = await StartAsync();
        using var client = Client(app);

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_failing_check_makes_health_503_while_liveness_stays_200()
    {
        await using var app = await StartAsync(builder =>
            builder.Services.AddHealthChecks().AddCheck("models", () => HealthCheckResult.Unhealthy("model 'iris' failed to load"), ["ready"]));
        using var client = Client(app);

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_of_Modelplane_meters_are_scraped_in_Prometheus_text_format()
    {
        await using var app = await StartAsync();
        using var client = Client(app);
        using var meter = new Meter("Modelplane.Test");
        var counter = meter.CreateCounter<long>("modelplane.test.widgets", description: "Widgets made by the test.");
        counter.Add(3);
        counter.Add(4);

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE modelplane_test_widgets_total counter", text, StringComparison.Ordinal);
        Assert.Matches(WidgetsSample(), text);
    }

    [Fact]
    public async Task Meters_outside_Modelplane_are_not_collected()
    {
        await using var app = await StartAsync();
        using var client = Client(app);
        using var meter = new Meter("Elsewhere.Test");
        meter.CreateCounter<long>("elsewhere.test.widgets").Add(1);

        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.DoesNotContain("elsewhere_test_widgets", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_are_recorded_only_when_an_OTLP_endpoint_is_set()
    {
        await using var without = Build(endpoint: null);
        await using var with = Build(endpoint: "http://127.0.0.1:9");

        Assert.Null(without.Services.GetService<TracerProvider>());
        Assert.NotNull(with.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void A_traces_per_second_that_is_not_a_number_stops_the_start_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build("http://127.0.0.1:9", b => b.Configuration["Telemetry:TracesPerSecond"] = "lots"));

        Assert.Contains("Telemetry:TracesPerSecond", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "Information", true)]
    [InlineData("http://127.0.0.1:9", null, true)]
    public async Task A_request_has_an_activity_only_when_traces_are_exported_or_its_diagnostics_are_logged(string? endpoint, string? hostingLevel, bool expected)
    {
        await using var app = Build(endpoint, builder =>
        {
            builder.Logging.AddProvider(new EveryLevelLogger());
            if (hostingLevel is not null)
            {
                builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = hostingLevel;
            }
        });
        app.MapGet("/activity", () => Activity.Current is not null);
        await app.StartAsync();
        using var client = Client(app);

        var hasActivity = await client.GetStringAsync(new Uri("/activity", UriKind.Relative));

        Assert.Equal(expected ? "true" : "false", hasActivity);
    }

    [GeneratedRegex(@"^modelplane_test_widgets_total(\{[^}]*\})? 7(\s|$)", RegexOptions.Multiline)]
    private static partial Regex WidgetsSample();

    /// <summary>Builds an app with the service defaults; <paramref name="configure"/> runs before them, as configuration files and logging providers do.</summary>
    private static WebApplication Build(string? endpoint, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint ?? string.Empty;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(endpoint: null, configure);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
    };

    /// <summary>A logging provider that takes every level, as a console logger set to Trace would.</summary>
    private sealed class EveryLevelLogger : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
