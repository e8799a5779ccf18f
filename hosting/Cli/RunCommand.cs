using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Spectre.Console;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>run</c>: starts the graph under Aspire (DCP runs every process, the dashboard shows them), prints where
/// everything listens, the dashboard's login and a request to paste, and stops it all on Ctrl+C or SIGTERM. A graph
/// with problems starts nothing; a process that cannot be started stops the run with the reason.
/// </summary>
internal static class RunCommand
{
    public static Command Create(DistributedApplication application)
    {
        var run = new Command("run", "Run the graph on this machine under Aspire until Ctrl+C (the default)") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction((_, cancellationToken) => RunAsync(application, cancellationToken));
        return run;
    }

    public static async Task<int> RunAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        var sinceStart = Stopwatch.StartNew();
        var alreadyRunning = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var graph = ModelplaneGraph.Of(application);
        var console = Console();
        graph.Complete();
        graph.PlaceOnGpus();
        if (graph.Problems.Count > 0)
        {
            return NothingStarted(console, graph.Problems);
        }

        foreach (var warning in graph.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        var configuration = application.Services.GetRequiredService<IConfiguration>();
        var lifetime = application.Services.GetRequiredService<IHostApplicationLifetime>();
        var processes = graph.Resources<IServiceProcess>().Select(p => p.Name)
            .Concat(graph.Resources<ComponentResource>().SelectMany(FirstPredictions.ReplicaNames))
            .ToList();
        console.MarkupLine($"[bold]Modelplane AppHost[/]: {Plural(processes.Count, "process", "processes")} under Aspire{Dashboard(configuration)}");
        using var reporter = new ConsoleReporter(console, graph, application.Services);
        using var state = new RunStateWriter(graph, application.Services);
        var running = new RunningProcesses(application.Services.GetRequiredService<ResourceNotificationService>());
        reporter.Start();
        state.Start();
        running.Start(lifetime.ApplicationStopped);
        var print = new Lock();
        var predictions = FirstPredictions.RunAsync(
            graph,
            reporter,
            lines =>
            {
                lock (print)
                {
                    foreach (var line in lines)
                    {
                        console.WriteLine(line);
                    }
                }
            },
            () => alreadyRunning + sinceStart.Elapsed,
            lifetime.ApplicationStopping);
        try
        {
            await application.StartAsync(cancellationToken);
        }
        catch (GraphException e)
        {
            return NothingStarted(console, e.Problems);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await application.StopAsync(CancellationToken.None);
            await StoppedAsync(console, running);
            return 0;
        }

        var failed = await reporter.WhenReadyAsync(processes, lifetime.ApplicationStopping);
        if (failed is null && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]ready[/] {(alreadyRunning + sinceStart.Elapsed).TotalSeconds:0.0} s after the AppHost started"));
            await predictions;
            console.MarkupLine("Press Ctrl+C to stop.");
        }
        else if (failed is not null)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(failed)}");
            lifetime.StopApplication();
        }

        await application.WaitForShutdownAsync(CancellationToken.None);
        await StoppedAsync(console, running);

        // Stopped by Ctrl+C or SIGTERM, at any point, is a normal end; only a graph that could not start is a failure.
        return failed is null ? 0 : 1;
    }

    // Ends once DCP has stopped every process, so a run started right after finds their ports free.
    private static async Task StoppedAsync(IAnsiConsole console, RunningProcesses running)
    {
        var left = await running.WaitForExitAsync(TimeSpan.FromSeconds(20));
        if (left.Count > 0)
        {
            console.MarkupLine($"[yellow]warning:[/] still running 20 s after the stop: {Markup.Escape(string.Join(", ", left))}");
        }

        console.MarkupLine("stopped");
    }

    private static int NothingStarted(IAnsiConsole console, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
        }

        console.MarkupLine($"[red]nothing was started:[/] fix the {Plural(problems.Count, "problem", "problems")} above");
        return 1;
    }

    /// <summary>The dashboard's address with its login token, as Aspire gives it, or nothing when it runs without one.</summary>
    private static string Dashboard(IConfiguration configuration)
    {
        var url = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (url is null || configuration.GetValue<bool>("ASPIRE_DASHBOARD_DISABLED"))
        {
            return string.Empty;
        }

        var token = configuration["AppHost:BrowserToken"];
        return token is null ? $"; dashboard {url}" : $"; dashboard {url.TrimEnd('/')}/login?t={token}";
    }

    // Lines are never wrapped by the console itself: a wrapped curl would not paste.
    private static IAnsiConsole Console()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        console.Profile.Width = 4096;
        return console;
    }

    private static string Plural(int count, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
