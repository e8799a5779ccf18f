using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Http;

/// <summary>Maps the whole REST surface of a model server: KServe v1 and Open Inference Protocol v2.</summary>
public static class InferenceEndpoints
{
    /// <summary>
    /// Maps v1 (<c>/v1/models/...</c>) and v2 (<c>/v2/...</c>) REST routes, the model repository extension when the
    /// server has a repository, and the v2 gRPC service, onto the models in the registry.
    /// </summary>
    public static RouteGroupBuilder MapInferenceProtocol(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handlers = ActivatorUtilities.CreateInstance<InferenceHandlers>(endpoints.ServiceProvider);
        var group = endpoints.MapGroup(string.Empty);

        group.MapGet("/v2/health/live", InferenceHandlers.LiveAsync);
        group.MapGet("/v2/health/ready", handlers.ServerReadyAsync);
        group.MapGet("/v2", handlers.ServerMetadataAsync);
        group.MapGet("/v2/models/{name}", handlers.ModelMetadataAsync);
        group.MapGet("/v2/models/{name}/versions/{version}", handlers.ModelMetadataAsync);
        group.MapGet("/v2/models/{name}/ready", handlers.ModelReadyAsync);
        group.MapGet("/v2/models/{name}/versions/{version}/ready", handlers.ModelReadyAsync);
        group.MapPost("/v2/models/{name}/infer", handlers.InferV2Async);
        group.MapPost("/v2/models/{name}/versions/{version}/infer", handlers.InferV2Async);

        if (endpoints.ServiceProvider.GetService<ModelRepositoryController>() is { } repository)
        {
            var repositoryHandlers = new RepositoryHandlers(repository);
            group.MapPost("/v2/repository/index", repositoryHandlers.IndexAsync);
            group.MapPost("/v2/repository/models/{name}/load", repositoryHandlers.LoadAsync);
            group.MapPost("/v2/repository/models/{name}/unload", repositoryHandlers.UnloadAsync);
        }

        group.MapGrpcService<InferenceGrpcEndpoints>();

        group.MapGet("/v1/models", handlers.ModelListAsync);
        group.MapGet("/v1/models/{name}", handlers.ModelReadyAsync);
        group.MapPost("/v1/models/{name}:predict", handlers.PredictV1Async);
        group.MapPost("/v1/models/{name}:explain", handlers.ExplainV1Async);

        // "{*path}" rather than the default, which skips paths that look like file names (iris.predict).
        group.MapFallback("{*path}", static context => JsonResponses.WriteErrorAsync(
            context,
            InferenceException.NotFound($"no route for {context.Request.Method} {context.Request.Path}; model servers answer /v1/models/... and /v2/...")));
        return group;
    }
}
