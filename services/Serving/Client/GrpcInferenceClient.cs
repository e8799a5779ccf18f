using System.Text.Json;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Client;

/// <summary>
/// The client over v2 gRPC: tensors as raw contents both ways, converted by the SDK's own <see cref="GrpcTensorCodec"/>.
/// A status the server answers becomes the HTTP status REST would have given, so callers see one set of errors.
/// </summary>
internal sealed class GrpcInferenceClient(GrpcClientFactory clients, InferenceCalls calls) : IInferenceClient
{
    /// <summary>The named gRPC client, whose channel pools its HTTP/2 connections.</summary>
    public const string GrpcClientName = "Modelplane.Serving.Client.Grpc";

    private GRPCInferenceService.GRPCInferenceServiceClient? _client;
    private Metadata? _headers;

    public string Address => calls.Options.Address ?? string.Empty;

    private GRPCInferenceService.GRPCInferenceServiceClient Client =>
        _client ??= clients.CreateClient<GRPCInferenceService.GRPCInferenceServiceClient>(GrpcClientName);

    private Metadata Headers => _headers ??= ToMetadata(calls.Options.Headers);

    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = InferenceCall.Infer(model, version);
        var message = GrpcTensorCodec.WriteRequest(model, version, request);
        var response = await RunAsync(call, (deadline, token) => Client.ModelInferAsync(message, Headers, deadline, token).ResponseAsync, cancellationToken);
        try
        {
            return GrpcTensorCodec.ReadResponse(response);
        }
        catch (InferenceException e)
        {
            throw calls.Unreadable(call, e.Message, e);
        }
    }

    public async Task<ModelMetadata> GetModelMetadataAsync(string model, string? version, CancellationToken cancellationToken = default)
    {
        var call = InferenceCall.Metadata(model, version);
        var request = new ModelMetadataRequest { Name = model, Version = version ?? string.Empty };
        var response = await RunAsync(call, (deadline, token) => Client.ModelMetadataAsync(request, Headers, deadline, token).ResponseAsync, cancellationToken);
        return new ModelMetadata
        {
            Name = response.Name,
            Versions = [.. response.Versions],
            Platform = response.Platform,
            Inputs = [.. response.Inputs.Select(t => Describe(call, t))],
            Outputs = [.. response.Outputs.Select(t => Describe(call, t))],
        };
    }

    public async Task<bool> IsModelReadyAsync(string model, string? version, CancellationToken cancellationToken = default)
    {
        var call = InferenceCall.Readiness(model, version);
        var request = new ModelReadyRequest { Name = model, Version = version ?? string.Empty };
        var response = await RunAsync(call, (deadline, token) => Client.ModelReadyAsync(request, Headers, deadline, token).ResponseAsync, cancellationToken);
        return response.Ready;
    }

    public Task<JsonDocument> PredictV1Async(string model, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        throw InferenceException.NotImplemented(
            $"{InferenceCall.PredictV1(model).What} needs REST: KServe v1 has no gRPC form, and {calls.Options.KeyOf(nameof(InferenceClientOptions.Protocol))} is grpc");

    // The deadline goes to the server too, so it can give up on a call nobody waits for any more.
    private Task<T> RunAsync<T>(InferenceCall call, Func<DateTime, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(calls.Options.TimeoutSeconds);
        return calls.RunAsync(call, async token =>
        {
            try
            {
                return await send(deadline, token).ConfigureAwait(false);
            }
            catch (RpcException e) when (HttpStatus(e) is { } status)
            {
                throw calls.Answered(call, status, e.Status.Detail);
            }
        }, cancellationToken);
    }

    // The inverse of the server's mapping (InferenceExceptionInterceptor), and gRPC's own codes for the rest. A deadline,
    // a cancellation and a transport failure are not the server's answer: RunAsync names those.
    private static int? HttpStatus(RpcException e) => e.StatusCode switch
    {
        StatusCode.DeadlineExceeded or StatusCode.Cancelled => null,
        StatusCode.Unavailable when e.Status.DebugException is not null => null,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status413PayloadTooLarge,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static Metadata ToMetadata(IDictionary<string, string> headers)
    {
        var metadata = new Metadata();
        foreach (var (name, value) in headers)
        {
            metadata.Add(name, value);
        }

        return metadata;
    }

    private TensorMetadata Describe(InferenceCall call, ModelMetadataResponse.Types.TensorMetadata tensor) =>
        TensorDataTypeExtensions.TryParse(tensor.Datatype, out var dataType)
            ? new TensorMetadata(tensor.Name, dataType, [.. tensor.Shape])
            : throw calls.Unreadable(call, $"tensor '{tensor.Name}' has datatype '{tensor.Datatype}' (expected one of {TensorDataTypeExtensions.ValidNames})");
}
