using System.CommandLine;

namespace Modelplane.Hosting.Cli;

/// <summary><c>status</c>: what <c>kubectl get inferenceservices</c> shows, for the running AppHost.</summary>
internal static class StatusCommand
{
    public static Command Create(PlatformApplication application)
    {
        var status = new Command("status", "Show the InferenceServices of the running AppHost, their traffic and replicas");
        status.SetAction((_, cancellationToken) => Task.FromResult(0));
        return status;
    }
}
