using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting;

/// <summary>
/// Modelplane's part of Aspire's start: before anything starts, the graph is completed and checked (a graph with
/// problems starts nothing), and in a local run the ports it fixed are checked, the gateway's route table is written
/// and the AppHost's own environment is reduced to what every process needs, so a secret given to the AppHost reaches
/// only the processes it is meant for.
/// </summary>
internal sealed class ModelplaneLifecycle(ModelplaneGraph graph) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>(async (started, token) =>
        {
            graph.Complete();
            if (executionContext.IsRunMode && graph.Problems.Count == 0)
            {
                graph.PrepareLocalRun();
            }

            if (graph.Problems.Count > 0)
            {
                throw new GraphException(graph.Problems);
            }

            if (executionContext.IsRunMode)
            {
                // Started now, not as hosted services: Aspire starts those only once its orchestrator has started every
                // resource, and a resource that waits for an InferenceService waits for the state these publish.
                started.Services.GetRequiredService<ServiceStates>().Start();
                started.Services.GetRequiredService<ProcessSupervisor>().Start();
                started.Services.GetRequiredService<Autoscaling.StartFailures>().Start();
                started.Services.GetRequiredService<Revisions.SpecWatcher>().Start();
                started.Services.GetRequiredService<Revisions.RolloutRequests>().Start();
                started.Services.GetRequiredService<Revisions.ModelVersionWatcher>().Start();
                await RouteTables.WriteAllAsync(graph, token);

                // Requests reach the replicas through the gateway; it reports their load, which the autoscaler follows.
                if (graph.Resources<GatewayResource>().FirstOrDefault() is { } ingress)
                {
                    started.Services.GetRequiredService<Autoscaling.Autoscaler>().Start(ingress);
                }

                // Only an AppHost's own process, not a test that hosts the graph, gives up its environment and its life.
                if (System.Reflection.Assembly.GetEntryAssembly() is { } entry && entry == graph.Builder.AppHostAssembly)
                {
                    AmbientEnvironment.Reduce();
                    ParentProcess.StopWithDotnetRun();
                }
            }
        });
        return Task.CompletedTask;
    }
}
