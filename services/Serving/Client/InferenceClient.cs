using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Client;

/// <summary>
/// The registered client: REST or gRPC as the settings say, chosen at the first call rather than when built, since a
/// server checks its settings as it starts, which is after its routes, and so this client, are built.
/// </summary>
internal sealed class InferenceClient(RestInferenceClient rest, GrpcInferenceClient grpc, IOptions<InferenceClientOptions> options) : IInferenceClient
{
    public string Address => Transport.Address;

    private IInferenceClient Transport => options.Value.Protocol == InferenceProtocol.Grpc ? grpc : rest;

    public Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken = default) =>
        Transport.InferAsync(model, version, request, cancellationToken);

    public Task<ModelMetadata> GetModelMetadataAsync(string model, string? version, CancellationToken cancellationToken = default) =>
        Transport.GetModelMetadataAsync(model, version, cancellationToken);

    public Task<bool> IsModelReadyAsync(string model, string? version, CancellationToken cancellationToken = default) =>
        Transport.IsModelReadyAsync(model, version, cancellationToken);

    public Task<JsonDocument> PredictV1Async(string model, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        Transport.PredictV1Async(model, body, cancellationToken);
}
