using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.Cli;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting;

/// <summary>
/// A built graph (Aspire's <c>DistributedApplication</c>): <see cref="RunAsync"/> answers the AppHost's command line
/// (run by default, status, publish, models); <see cref="StartAsync"/> and <see cref="StopAsync"/> run it from a test.
/// </summary>
public sealed class PlatformApplication : IAsyncDisposable
{
    private readonly PlatformApplicationBuilder _builder;

    internal PlatformApplication(PlatformApplicationModel model, PlatformApplicationBuilder builder, IReadOnlyList<string> problems)
    {
        Model = model;
        _builder = builder;
        Problems = problems;
    }

    /// <summary>What keeps the graph from running or publishing, one problem per entry; empty when it can.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The graph.</summary>
    public PlatformApplicationModel Model { get; }

    /// <summary>The AppHost's configuration.</summary>
    public IConfiguration Configuration => _builder.Configuration;

    /// <summary>Where the run keeps the store's data, each replica's log and its state.</summary>
    public string DataDirectory => _builder.DataDirectory;

    /// <summary>The supervisor of the run started by <see cref="StartAsync"/>.</summary>
    public Supervisor Supervisor { get; private set; } = null!;

    internal PlatformApplicationBuilder Builder => _builder;

    /// <summary>Creates the builder of an AppHost with this command line, rooted in the AppHost project's directory.</summary>
    public static PlatformApplicationBuilder CreateBuilder(string[] args) =>
        CreateBuilder(new PlatformApplicationOptions { Args = args, AppHostDirectory = ServiceProject.AppHostDirectory() });

    /// <summary>Creates a builder with explicit options (tests set the directory and settings).</summary>
    public static PlatformApplicationBuilder CreateBuilder(PlatformApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PlatformApplicationBuilder(options);
    }

    /// <summary>Answers the AppHost's command line; gives the process exit code.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken = default) =>
        PlatformCommandLine.InvokeAsync(this, [.. _builder.Options.Args], cancellationToken);

    /// <summary>Starts the graph and completes when every resource is healthy.</summary>
    public async Task StartAsync(IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (Problems.Count > 0)
        {
            throw new GraphException(Problems);
        }

        Supervisor = new Supervisor(
            Model,
            new SupervisorOptions(DataDirectory, _builder.Configuration["DOTNET_ENVIRONMENT"] ?? "Development", _builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
            observer ?? new NoObserver());
        await Supervisor.StartAsync(cancellationToken);
    }

    /// <summary>Stops everything the run started.</summary>
    public async Task StopAsync()
    {
        if (Supervisor is not null)
        {
            await Supervisor.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Supervisor is not null)
        {
            await Supervisor.DisposeAsync();
        }
    }

    private sealed class NoObserver : IRunObserver
    {
        public void ReplicaChanged(ReplicaStatus status)
        {
        }
    }
}
