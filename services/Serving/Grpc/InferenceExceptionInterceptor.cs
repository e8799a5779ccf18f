using Grpc.Core;
using Grpc.Core.Interceptors;
using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Grpc;

/// <summary>Turns an <see cref="InferenceException"/> from any RPC into the gRPC status of its kind, with its message.</summary>
internal sealed class InferenceExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (InferenceException e)
        {
            throw new RpcException(new Status(ToStatusCode(e.Kind), e.Message));
        }
    }

    public static StatusCode ToStatusCode(InferenceErrorKind kind) => kind switch
    {
        InferenceErrorKind.BadRequest => StatusCode.InvalidArgument,
        InferenceErrorKind.NotFound => StatusCode.NotFound,
        InferenceErrorKind.PayloadTooLarge => StatusCode.ResourceExhausted,
        InferenceErrorKind.Unavailable => StatusCode.Unavailable,
        InferenceErrorKind.NotImplemented => StatusCode.Unimplemented,
        _ => StatusCode.Internal,
    };
}
