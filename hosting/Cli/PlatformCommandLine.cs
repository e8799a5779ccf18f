using System.CommandLine;

namespace Modelplane.Hosting.Cli;

/// <summary>The AppHost's command line: <c>run</c> (the default), <c>status</c>, <c>publish</c> and <c>models</c>.</summary>
public static class PlatformCommandLine
{
    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="application"/>; gives the exit code.</summary>
    public static Task<int> InvokeAsync(PlatformApplication application, string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var run = RunCommand.Create(application);
        var root = new RootCommand("Modelplane AppHost: KServe's data plane on this machine (run is the default command)")
        {
            run,
            StatusCommand.Create(application),
            PublishCommand.Create(application),
            ModelsCommand.Create(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((_, token) => RunCommand.RunAsync(application, token));
        // The run handles Ctrl+C and SIGTERM itself (it stops every process in order, then exits 0); the parser's own
        // handling would end the process while that is still going on.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
