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
        // Replica i of a transformer or explainer calls the predictor's replica i; the predictor's pool and starting
        // count cover every component of its revision.
        var revision = component.Service.Components.Where(c => c.Revision.Name == component.Revision.Name).ToList();
        var paired = component.Role == ComponentRole.Predictor ? revision : [component];
        var size = paired.Max(c => PoolSize(graph, c));
        component.ActiveCount = paired.Max(c => c.Replicas.Initial);
        for (var i = 0; i < size; i++)
        {
            var endpoints = new LocalEndpoints(graph.Ports.Allocate(), graph.Ports.Allocate());
            var replica = new ReplicaResource($"{component.Name}-{i}", component, i, endpoints);
            var environmentName = graph.Builder.Environment.EnvironmentName;
            var builder = graph.Builder.AddResource(replica)
                .RunLocally(graph.LocalGpus?.ProjectFor(component) ?? component.Project, endpoints, set => Environment(replica, environmentName, set), instance => replica.Instance = instance)
                .WithReadinessCheck()
                .WithParentRelationship(component)
                .OnBeforeResourceStarted(async (resource, started, cancellationToken) =>
                {
                    try
                    {
                        await started.Services.GetRequiredService<LocalStorageInitializer>().PrepareAsync(
                            component,
                            ServiceEnvironment.Of(component, new LocalPlacement(environmentName, endpoints, replica.Index)),
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
            if (component.Predictor is { } predictor)
            {
                builder.WaitFor(graph.Builder.CreateResourceBuilder(predictor.ReplicaResources[i]));
            }

            // The rest of the pool waits, not started, for the autoscaler.
            if (i >= component.ActiveCount)
            {
                builder.WithExplicitStart();
            }

            ModelServerCommands.Add(builder);
            component.AddReplica(replica);
        }
    }

    /// <summary>
    /// The replicas a component may scale to here: the spec's maximum, else <c>Modelplane:MaxReplicas</c> (the machine's
    /// processor count by default), and never fewer than it starts with.
    /// </summary>
    public static int PoolSize(ModelplaneGraph graph, ComponentResource component) =>
        Math.Max(component.Spec.Scaling.MaxReplicas ?? graph.MaxReplicas, Math.Max(component.Replicas.Initial, 1));

    private static void Environment(ReplicaResource replica, string environmentName, Action<string, object> set)
    {
        var component = replica.Component;
        var environment = ServiceEnvironment.Of(component, new LocalPlacement(environmentName, replica.Endpoints, replica.Index));
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
