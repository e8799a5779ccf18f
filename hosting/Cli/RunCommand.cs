using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Orchestration;
using Spectre.Console;

namespace Modelplane.Hosting.Cli;

/// <summary><c>run</c>: starts the graph, prints where everything listens and a request to paste, and stops it all on Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Create(PlatformApplication application)
    {
        var run = new Command("run", "Run the graph on this machine until Ctrl+C (the default)") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction((_, cancellationToken) => RunAsync(application, cancellationToken));
        return run;
    }

    public static async Task<int> RunAsync(PlatformApplication application, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM end the run, not the process: the processes are stopped in order before it exits.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunUntilStoppedAsync(application, stop.Token);
    }

    private static async Task<int> RunUntilStoppedAsync(PlatformApplication application, CancellationToken cancellationToken)
    {
        // Lines are never wrapped by the console itself: a wrapped curl would not paste.
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        console.Profile.Width = 4096;
        if (application.Problems.Count > 0)
        {
            foreach (var problem in application.Problems)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
            }

            console.MarkupLine($"[red]nothing was started:[/] fix the {Plural(application.Problems.Count, "problem")} above");
            return 1;
        }

        foreach (var warning in application.Builder.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        var sinceStart = Stopwatch.StartNew();
        var alreadyRunning = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var width = application.Model.Resources.Max(r => r.Name.Length) + 3;
        console.MarkupLine(
            $"[bold]Modelplane AppHost[/]: {Plural(application.Model.Resources.Count, "resource")}; each replica's output goes to {Markup.Escape(Path.Combine(application.DataDirectory, "logs"))}");
        var failed = false;
        try
        {
            await application.StartAsync(new RunObservers(new ConsoleRunReporter(console, width), new RunStateWriter(application)), cancellationToken);
            var elapsed = alreadyRunning + sinceStart.Elapsed;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]ready[/] {elapsed.TotalSeconds:0.0} s after the AppHost started"));
            foreach (var hook in application.Model.Resources.SelectMany(r => r.Annotations.OfType<ReadyAnnotation>()))
            {
                foreach (var line in await hook.OnReadyAsync(application.Supervisor, alreadyRunning + sinceStart.Elapsed, cancellationToken))
                {
                    console.WriteLine(line);
                }
            }

            console.MarkupLine("Press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or GraphException or HttpRequestException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            failed = true;
        }
        finally
        {
            console.MarkupLine("stopping ...");
            await application.StopAsync();
            console.MarkupLine("stopped");
        }

        // Stopped by Ctrl+C or SIGTERM, at any point, is a normal end; only a graph that could not start is a failure.
        return failed ? 1 : 0;
    }

    private static string Plural(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
