using System.Text.Json;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Client;

/// <summary>
/// Calls one model server with the Open Inference Protocol, over REST (JSON or binary tensors) or gRPC as configured;
/// the one client a transformer and an explainer share, as KServe's <c>inference_client.py</c> is. Every failure is an
/// <see cref="Errors.InferenceException"/>: the server's own refusal keeps its status and message, a server that cannot
/// be reached or does not answer in time is a 503 naming its address, and an answer that breaks the protocol a 502.
/// </summary>
public interface IInferenceClient
{
    /// <summary>The model server as configured (a service name, <c>host:port</c> or URL), for traces.</summary>
    string Address { get; }

    /// <summary>Runs <paramref name="request"/> on <paramref name="model"/> (its newest ready version when <paramref name="version"/> is null).</summary>
    Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>The model's metadata: its versions, platform, inputs and outputs.</summary>
    Task<ModelMetadata> GetModelMetadataAsync(string model, string? version, CancellationToken cancellationToken = default);

    /// <summary>True when the model (version) is ready to serve, false when the server says it is not.</summary>
    Task<bool> IsModelReadyAsync(string model, string? version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a KServe v1 <c>:predict</c> body as it is and returns the server's JSON answer: for a server that passes a
    /// client's v1 request on. v1 has no gRPC form, so this needs <see cref="InferenceProtocol.Rest"/> or <see cref="InferenceProtocol.Binary"/>.
    /// </summary>
    Task<JsonDocument> PredictV1Async(string model, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);
}
