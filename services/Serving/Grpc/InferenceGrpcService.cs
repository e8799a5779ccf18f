using System.Diagnostics;
using Grpc.Core;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Metrics;
using Modelplane.Serving.Models;
using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Grpc;

/// <summary>
/// <c>inference.GRPCInferenceService</c> over the same registry, models and repository as the REST surface;
/// errors become gRPC statuses through <see cref="InferenceExceptionInterceptor"/>.
/// </summary>
internal sealed class InferenceGrpcService(
    ModelRegistry registry,
    ServingReadiness readiness,
    ServerInfo server,
    ServingMetrics metrics,
    ModelRepositoryController? repository = null) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = registry.Resolve(request.Name, Version(request.Version)).IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var metadata = server.Metadata;
        var response = new ServerMetadataResponse { Name = metadata.Name, Version = metadata.Version };
        response.Extensions.AddRange(metadata.Extensions);
        return Task.FromResult(response);
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var model = registry.Resolve(request.Name, Version(request.Version));
        var metadata = Protocol.ModelMetadata.Describe(model, registry.Versions(model.Name));
        var response = new ModelMetadataResponse { Name = metadata.Name, Platform = metadata.Platform };
        response.Versions.AddRange(metadata.Versions);
        response.Inputs.AddRange(metadata.Inputs.Select(Describe));
        response.Outputs.AddRange(metadata.Outputs.Select(Describe));
        return Task.FromResult(response);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 200;
        try
        {
            using var lease = registry.Acquire(request.ModelName, Version(request.ModelVersion));
            var response = await lease.InferAsync(GrpcTensorCodec.ReadRequest(request), context.CancellationToken);
            return GrpcTensorCodec.WriteResponse(response, GrpcTensorCodec.UsesTypedContents(request));
        }
        catch (InferenceException e)
        {
            status = e.StatusCode;
            throw;
        }
        finally
        {
            metrics.Record(request.ModelName, "grpc", status, Stopwatch.GetElapsedTime(started));
        }
    }

    public override async Task<RepositoryModelLoadResponse> RepositoryModelLoad(RepositoryModelLoadRequest request, ServerCallContext context)
    {
        await Repository().LoadAsync(request.ModelName, context.CancellationToken);
        return new RepositoryModelLoadResponse { ModelName = request.ModelName, IsLoaded = true };
    }

    public override async Task<RepositoryModelUnloadResponse> RepositoryModelUnload(RepositoryModelUnloadRequest request, ServerCallContext context)
    {
        await Repository().UnloadAsync(request.ModelName, context.CancellationToken);
        return new RepositoryModelUnloadResponse { ModelName = request.ModelName, IsUnloaded = true };
    }

    public override Task<RepositoryIndexResponse> RepositoryIndex(RepositoryIndexRequest request, ServerCallContext context)
    {
        var response = new RepositoryIndexResponse();
        response.Models.AddRange(Repository().Index(request.Ready).Select(e => new RepositoryIndexResponse.Types.ModelIndex
        {
            Name = e.Name,
            Version = e.Version ?? string.Empty,
            State = e.State,
            Reason = e.Reason ?? string.Empty,
        }));
        return Task.FromResult(response);
    }

    private static string? Version(string version) => string.IsNullOrEmpty(version) ? null : version;

    private static ModelMetadataResponse.Types.TensorMetadata Describe(Protocol.TensorMetadata tensor)
    {
        var described = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.DataType.ToProtocolName() };
        described.Shape.AddRange(tensor.Shape);
        return described;
    }

    private ModelRepositoryController Repository() =>
        repository ?? throw InferenceException.NotImplemented("this server has no model repository");
}
