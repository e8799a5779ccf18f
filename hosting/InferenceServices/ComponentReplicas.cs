using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Storage;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// The processes of a component in a local run, one per replica, each a resource of its own that DCP runs, under the
/// component in the dashboard: its ports fixed up front, its model fetched by the storage initializer before it starts,
/// a transformer or explainer started once its predictor is ready, and the commands a user runs on a model server.
/// </summary>
internal static class ComponentReplicas
{
    private const string ControlMode = "Serving__ModelControlMode";

    public static void Create(ModelplaneGraph graph, ComponentResource component)
    {
        var predecessors = component.Predictor?.ReplicaResources ?? [];
        for (var i = 0; i < component.Replicas.Initial; i++)
        {
            var endpoints = new LocalEndpoints(graph.Ports.Allocate(), graph.Ports.Allocate());
            var replica = new ReplicaResource($"{component.Name}-{i}", component, i, endpoints);
            var environmentName = graph.Builder.Environment.EnvironmentName;
            var builder = graph.Builder.AddResource(replica)
                .RunLocally(component.Project, endpoints, set => Environment(replica, environmentName, set), instance => replica.Instance = instance)
                .WithReadinessCheck()
                .WithParentRelationship(component)
                .OnBeforeResourceStarted(async (resource, started, cancellationToken) =>
                {
                    try
                    {
                        await started.Services.GetRequiredService<LocalStorageInitializer>().PrepareAsync(
                            component,
                            ServiceEnvironment.Of(component, new LocalPlacement(environmentName, endpoints)),
                            (store, token) => started.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(store.Name, token),
                            cancellationToken);
                    }
                    catch (InvalidOperationException e)
                    {
                        // The start fails with the store's reason, which the dashboard and the console show.
                        graph.StartFailures[resource.Name] = e.Message;
                        started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogError("{Reason}", e.Message);
                        throw;
                    }
                });
            if (component.Store is { } store)
            {
                builder.WaitFor(graph.Builder.CreateResourceBuilder(store));
            }

            // A transformer or explainer calls its predictor from the start; the predictors that serve the first requests
            // also get the CPUs to themselves while they start.
            foreach (var predecessor in predecessors)
            {
                builder.WaitFor(graph.Builder.CreateResourceBuilder(predecessor));
            }

            ModelServerCommands.Add(builder);
            component.AddReplica(replica);
        }
    }

    private static void Environment(ReplicaResource replica, string environmentName, Action<string, object> set)
    {
        var component = replica.Component;
        var environment = ServiceEnvironment.Of(component, new LocalPlacement(environmentName, replica.Endpoints));
        if (component.LocalModelRepository is { } repository)
        {
            // The replica serves what the storage initializer fetched; the store's location is the initializer's business.
            environment.Remove(StorageVariables.StorageUri);
            environment.Remove(StorageVariables.StorageConnection);
            environment.Remove($"ConnectionStrings__{component.Store!.Name}");
            environment[StorageVariables.ModelRepository] = repository;
        }

        // A local predictor loads its model at start and then takes the model repository's load and unload requests, so
        // the dashboard's commands work on it.
        if (component.Role == ComponentRole.Predictor && !environment.ContainsKey(ControlMode))
        {
            environment[ControlMode] = "explicit";
            environment["Serving__StartupModels__0"] = component.ModelName;
        }

        environment.SetEach(set);
    }
}
