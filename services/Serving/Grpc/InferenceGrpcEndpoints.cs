using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.Serving.Grpc;

/// <summary>
/// The routes of <c>inference.GRPCInferenceService</c>, bound to <see cref="InferenceGrpcService"/> with request
/// messages that say why they cannot be read. The generated binding reads a request with protobuf's parser, whose
/// failure gRPC reports as <c>UNKNOWN</c> "Exception was thrown by handler." (the reason only in the server's log);
/// here a message that is not protobuf, or is cut short, answers <c>INVALID_ARGUMENT</c> with the parser's reason,
/// as REST answers 400 for JSON it cannot read.
/// </summary>
internal sealed class InferenceGrpcEndpoints(InferenceGrpcService service)
{
    public InferenceGrpcService Service => service;

    /// <summary>Adds every RPC of the generated service description, each with its request's reader made strict.</summary>
    internal sealed class MethodProvider : IServiceMethodProvider<InferenceGrpcEndpoints>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<InferenceGrpcEndpoints> context) =>
            GRPCInferenceService.BindService(new Binder(context), null);
    }

    private sealed class Binder(ServiceMethodProviderContext<InferenceGrpcEndpoints> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var strict = new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, Strict(method.RequestMarshaller), method.ResponseMarshaller);
            var call = typeof(InferenceGrpcService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, [typeof(TRequest), typeof(ServerCallContext)])!
                .CreateDelegate<Func<InferenceGrpcService, TRequest, ServerCallContext, Task<TResponse>>>();
            context.AddUnaryMethod(strict, [], (endpoints, request, callContext) => call(endpoints.Service, request, callContext));
        }

        private static Marshaller<T> Strict<T>(Marshaller<T> marshaller) => Marshallers.Create(marshaller.ContextualSerializer, readContext =>
        {
            try
            {
                return marshaller.ContextualDeserializer(readContext);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"the {typeof(T).Name} message could not be read as protobuf: {e.Message}"));
            }
        });
    }
}
