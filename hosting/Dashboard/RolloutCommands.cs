using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Revisions;

namespace Modelplane.Hosting.Dashboard;

/// <summary>
/// The dashboard's "Promote" and "Roll back" on an InferenceService that a run rolls out from its spec file: the latest
/// revision takes all the traffic, or the previous one takes it back (<see cref="Rollouts"/>).
/// </summary>
internal static class RolloutCommands
{
    public static IResourceBuilder<InferenceServiceResource> Add(IResourceBuilder<InferenceServiceResource> builder) => builder
        .WithCommand("promote", "Promote", context => RunAsync(builder.Resource, context, promote: true), Options("Give the latest revision all the traffic and stop the previous one", "ArrowUp"))
        .WithCommand("rollback", "Roll back", context => RunAsync(builder.Resource, context, promote: false), Options("Give the previous revision all the traffic back and stop the latest", "ArrowUndo"));

    private static CommandOptions Options(string description, string icon) => new()
    {
        Description = description,
        IconName = icon,
        UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
    };

    private static async Task<ExecuteCommandResult> RunAsync(InferenceServiceResource service, ExecuteCommandContext context, bool promote)
    {
        var rollouts = context.Services.GetRequiredService<Rollouts>();
        var problem = promote ? await rollouts.PromoteAsync(service, context.CancellationToken) : await rollouts.RollBackAsync(service, context.CancellationToken);
        return problem is null
            ? CommandResults.Success($"{service.Name}: {string.Join(", ", service.Spec.Revisions.Select(r => $"{r.Name} {r.TrafficPercent}%"))}")
            : CommandResults.Failure(problem);
    }
}
