using Grpc.Core;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Protocol;

namespace Modelplane.Transformer.Predictors;

/// <summary>
/// The predictor over v2 gRPC (<c>--protocol grpc-v2</c>), tensors as raw contents. Statuses map as REST's do: the
/// predictor's refusal of the request passes through, anything else is a 503 that says why.
/// </summary>
internal sealed class GrpcPredictorClient(GRPCInferenceService.GRPCInferenceServiceClient client, IOptions<TransformerOptions> options) : IPredictorClient
{
    public string Address { get; } = options.Value.Predictor ?? string.Empty;

    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.PredictorTimeoutSeconds);
        var message = GrpcTensorCodec.WriteRequest(model, version, request);
        ModelInferResponse response;
        try
        {
            response = await client.ModelInferAsync(message, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            throw PredictorErrors.TimedOut(Address, timeout);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            throw PredictorErrors.Unreachable(Address, new IOException(e.Status.Detail, e));
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw PredictorErrors.Refused(Address, model, e.StatusCode switch
            {
                StatusCode.InvalidArgument => System.Net.HttpStatusCode.BadRequest,
                StatusCode.ResourceExhausted => System.Net.HttpStatusCode.RequestEntityTooLarge,
                StatusCode.NotFound => System.Net.HttpStatusCode.NotFound,
                _ => System.Net.HttpStatusCode.ServiceUnavailable,
            }, e.Status.Detail);
        }

        try
        {
            return GrpcTensorCodec.ReadResponse(response);
        }
        catch (InferenceException e)
        {
            throw InferenceException.Unavailable($"the predictor at {Address} gave an answer that cannot be read: {e.Message}", e);
        }
    }
}
