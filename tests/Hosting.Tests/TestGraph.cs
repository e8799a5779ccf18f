using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Tests;

/// <summary>
/// Graphs built in a test the way an AppHost builds them, with an AppHost directory and a data directory of their own:
/// <see cref="Model"/> builds one that is inspected and published but never started; <see cref="Run"/> builds one with
/// Aspire's testing builder, which starts it under DCP in this process.
/// </summary>
internal sealed class TestGraph : IDisposable
{
    private readonly TemporaryDirectory _data = new("modelplane-graph");
    private readonly TemporaryDirectory _appHost = new("modelplane-apphost");

    private TestGraph(Func<string, IDistributedApplicationBuilder> create, IDictionary<string, string?>? settings, string? appHostDirectory = null)
    {
        var all = new Dictionary<string, string?> { ["Modelplane:DataDirectory"] = _data.FullPath };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // An AppHost directory of its own: the repository's AppHost has an appsettings.json these graphs must not get.
        Builder = create(appHostDirectory ?? _appHost.FullPath);

        // After Modelplane has read the AppHost's appsettings.json, so the test's settings win over it, as the command line would.
        _ = ModelplaneGraph.Of(Builder);
        Builder.Configuration.AddInMemoryCollection(all);
    }

    public IDistributedApplicationBuilder Builder { get; }

    public ModelplaneGraph Graph => ModelplaneGraph.Of(Builder);

    public string DataDirectory => _data.FullPath;

    public string AppHostDirectory => _appHost.FullPath;

    /// <summary>
    /// A graph to inspect or publish, in Aspire's run mode unless <paramref name="args"/> say otherwise, rooted in
    /// <paramref name="appHostDirectory"/> (one of its own by default).
    /// </summary>
    public static TestGraph Model(IDictionary<string, string?>? settings = null, string? appHostDirectory = null, string[]? args = null) =>
        new(directory => DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args ?? [], ProjectDirectory = directory, DisableDashboard = true }), settings, appHostDirectory);

    /// <summary>A graph to run, built with Aspire's testing builder (DCP without the dashboard).</summary>
    public static TestGraph Run(IDictionary<string, string?>? settings = null) =>
        new(directory => DistributedApplicationTestingBuilder.Create([], (options, _) => options.ProjectDirectory = directory), settings);

    public void Dispose()
    {
        _data.Dispose();
        _appHost.Dispose();
    }
}
