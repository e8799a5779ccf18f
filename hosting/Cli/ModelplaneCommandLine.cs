using System.CommandLine;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// The AppHost's command line: <c>run</c> (the default: the graph under Aspire, with the dashboard), <c>status</c>,
/// <c>rollout promote|rollback NAME</c>, <c>publish</c> and <c>models</c>. Aspire's own options (<c>--publisher manifest --output-path DIR</c>) go to Aspire.
/// </summary>
public static class ModelplaneCommandLine
{
    /// <summary>Answers the AppHost's command line (the arguments it was built with); gives the process exit code.</summary>
    public static Task<int> RunModelplaneAsync(this DistributedApplication application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var args = application.Services.GetRequiredService<DistributedApplicationOptions>().Args ?? [];
        if (!application.Services.GetRequiredService<DistributedApplicationExecutionContext>().IsRunMode)
        {
            // Aspire's publishers (--publisher manifest) run the graph in its publish mode.
            return PublishCommand.RunAspireAsync(application, cancellationToken);
        }

        var run = RunCommand.Create(application);
        var root = new RootCommand("Modelplane AppHost: KServe's data plane on this machine, under Aspire (run is the default command)")
        {
            run,
            StatusCommand.Create(() => ModelplaneGraph.Of(application)),
            RolloutCommand.Create(() => ModelplaneGraph.Of(application)),
            PublishCommand.Create(() => ModelplaneGraph.Of(application)),
            ModelsCommand.Create(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((_, token) => RunCommand.RunAsync(application, token));

        // Aspire stops the graph on Ctrl+C and SIGTERM itself; the parser's own handling would end the process meanwhile.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
