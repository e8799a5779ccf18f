using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Manifest;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>Adds a model store to an Aspire AppHost and fills it with local models.</summary>
public static class ModelStoreBuilderExtensions
{
    /// <summary>
    /// Adds an S3 model store (MinIO when on PATH, else s3rver) whose bucket is <paramref name="name"/>; in a local run
    /// it keeps its objects under the data directory, is filled with its models once it answers, and is started again
    /// when it exits.
    /// </summary>
    public static IResourceBuilder<ModelStoreResource> AddModelStore(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceNames.ThrowIfInvalid(name);
        var graph = ModelplaneGraph.Of(builder);
        var resource = new ModelStoreResource(name, Path.Combine(graph.DataDirectory, "stores", name));
        if (!graph.IsRunMode)
        {
            // Published, the store's keys are secret parameters the deploying tool asks for.
            var (accessKey, secretKey) = ManifestResources.KeyParameters(resource);
            builder.AddParameter(accessKey, secret: true);
            builder.AddParameter(secretKey, secret: true);
        }

        return builder.AddResource(resource)
            .WithManifestPublishingCallback(context => ManifestResources.WriteStoreAsync(context, resource))
            .OnBeforeResourceStarted(async (store, started, cancellationToken) =>
            {
                Directory.CreateDirectory(store.DataDirectory);
                if (store.Server is { NeedsInstall: true } server)
                {
                    var logger = started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(store);
                    var directory = server.WorkingDirectory;
                    StoreLog.Installing(logger, directory);
                    await server.InstallAsync(cancellationToken);
                }
            })
            .OnResourceReady(async (store, ready, cancellationToken) =>
            {
                // The store's dependents wait for this: they find the sample models in it.
                var logger = ready.Services.GetRequiredService<ResourceLoggerService>().GetLogger(store);
                using var objects = S3ObjectStore.Open(store.Server!.Connection);
                var pusher = new ModelPusher(objects);
                foreach (var seed in store.Seeds)
                {
                    var destination = StorageUri.Parse(store.UriOf(seed.Model));
                    var sent = await pusher.SyncAsync(seed.Directory, destination, cancellationToken);
                    var location = seed.Model;
                    StoreLog.Seeded(logger, sent, location);
                }
            });
    }

    /// <summary>Puts the model directory <paramref name="directory"/> (relative to the AppHost) into the store as <paramref name="model"/> at start.</summary>
    public static IResourceBuilder<ModelStoreResource> WithModel(this IResourceBuilder<ModelStoreResource> builder, string model, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(model);
        var graph = ModelplaneGraph.Of(builder.ApplicationBuilder);
        var path = graph.ResolvePath(directory);
        if (!Directory.Exists(path))
        {
            graph.AddProblem($"{builder.Resource.Name}: the model directory '{directory}' for '{model}' does not exist (looked in {path})");
        }

        builder.Resource.AddSeed(new ModelSeed(model, path));
        return builder;
    }

    /// <summary>
    /// Readies the store for a local run: the server that can run here, on ports of its own, its readiness checked
    /// by an answer on its port. A machine with neither minio nor Node.js gives a problem of the graph.
    /// </summary>
    internal static void PrepareLocalRun(ModelplaneGraph graph, ModelStoreResource store)
    {
        S3ServerCommand server;
        try
        {
            server = S3ServerCommand.For(store.DataDirectory, graph.Ports.Allocate(), graph.Ports.Allocate());
        }
        catch (InvalidOperationException e)
        {
            graph.AddProblem($"{store.Name}: {e.Message}");
            return;
        }

        store.Server = server;
        var builder = graph.Builder.CreateResourceBuilder(store)
            .WithCommand(server.Program)
            .WithArgs([.. server.Args])
            .WithEnvironment(context =>
            {
                foreach (var (variable, value) in server.Environment)
                {
                    context.EnvironmentVariables[variable] = value;
                }
            })
            .WithEndpoint(ServicePorts.Http, endpoint => ServiceLaunch.Fix(endpoint, server.Port, "http"))
            .WithReadinessCheck();
        builder.Resource.Annotations.OfType<ExecutableAnnotation>().Last().WorkingDirectory = server.WorkingDirectory;
    }
}
