using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;
using Modelplane.Serving.Protocol.V2;

namespace Modelplane.Explainer.Predictor;

/// <summary>
/// Calls the predictor: its v2 metadata, its predictions for the client's own instances, and batches of perturbed
/// rows as binary tensors. Every failure becomes an <see cref="InferenceException"/> naming the predictor and what was
/// asked: a predictor that is down or not ready is a 503, one that refuses the client's instances a 400.
/// </summary>
internal sealed class PredictorClient(IHttpClientFactory clients, IOptions<ExplainerOptions> options, IConfiguration configuration)
{
    /// <summary>The name of the HTTP client, configured without retries: an explanation is many calls, and a failed one fails it.</summary>
    public const string HttpClientName = "predictor";

    private const string JsonContentType = "application/json";

    private PredictorAddress? _address;

    /// <summary>
    /// Where the predictor is, settled at first use: the settings it comes from are checked when the server starts, which
    /// is after the routes, and so this client, are built.
    /// </summary>
    public PredictorAddress Address => _address ??= PredictorAddress.Resolve(options.Value, configuration, out var problem)
        ?? throw new InvalidOperationException(problem);

    /// <summary>The predictor's metadata for one model version: its inputs and outputs.</summary>
    public async Task<ModelMetadata> MetadataAsync(string model, string version, CancellationToken cancellationToken)
    {
        var what = $"the metadata of model '{model}' version {version}";
        using var request = new HttpRequestMessage(HttpMethod.Get, ModelPath(model, version));
        var (body, _) = await SendAsync(request, what, fromClient: false, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, ServingJsonContext.Default.ModelMetadata)
                ?? throw new JsonException("the body is null");
        }
        catch (JsonException e)
        {
            throw NotUnderstood(what, e.Message);
        }
    }

    /// <summary>The predictor's KServe v1 answer to the client's own request body, whose instances are being explained.</summary>
    public async Task<JsonDocument> PredictV1Async(string model, ReadOnlyMemory<byte> body, int rows, ExplanationCost cost, CancellationToken cancellationToken)
    {
        var what = $"a v1 prediction of model '{model}'";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{Uri.EscapeDataString(model)}:predict")
        {
            Content = Json(body),
        };
        cost.Add(rows);
        var (answer, _) = await SendAsync(request, what, fromClient: true, cancellationToken);
        return ParseJson(answer, what);
    }

    /// <summary>The predictor's v2 answer, as JSON, to a request built from the client's own instances.</summary>
    public async Task<JsonDocument> InferJsonAsync(string model, string version, InferenceRequest inference, int rows, ExplanationCost cost, CancellationToken cancellationToken)
    {
        var what = $"a v2 inference of model '{model}' version {version}";
        using var body = new PooledBufferWriter(1024);
        V2JsonCodec.WriteRequest(body, inference);
        using var request = new HttpRequestMessage(HttpMethod.Post, ModelPath(model, version) + "/infer") { Content = Json(body.WrittenMemory) };
        cost.Add(rows);
        var (answer, _) = await SendAsync(request, what, fromClient: true, cancellationToken);
        return ParseJson(answer, what);
    }

    /// <summary>Runs one batch of perturbed rows, sent and answered as binary tensors.</summary>
    public async Task<InferenceResponse> InferBatchAsync(string model, string version, InferenceRequest inference, int rows, ExplanationCost cost, CancellationToken cancellationToken)
    {
        var what = $"a batch of {rows} perturbed rows for model '{model}' version {version}";
        using var body = new PooledBufferWriter(inference.Inputs.Sum(i => i.Data.Length) + 1024);
        var headerLength = V2JsonCodec.WriteRequest(body, inference, binaryInputs: true);
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, ModelPath(model, version) + "/infer") { Content = content };
        request.Headers.TryAddWithoutValidation(V2JsonCodec.HeaderLengthHeader, headerLength?.ToString(CultureInfo.InvariantCulture));
        cost.Add(rows);
        var (answer, answerHeaderLength) = await SendAsync(request, what, fromClient: false, cancellationToken);
        try
        {
            return V2JsonCodec.ReadResponse(answer, answerHeaderLength);
        }
        catch (InferenceException e)
        {
            throw NotUnderstood(what, e.Message);
        }
    }

    private static string ModelPath(string model, string version) => $"/v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}";

    private static ReadOnlyMemoryContent Json(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        return content;
    }

    private async Task<(byte[] Body, long? HeaderLength)> SendAsync(HttpRequestMessage request, string what, bool fromClient, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? (body, HeaderLength(response))
                : throw Refused(response.StatusCode, ErrorOf(body), what, fromClient);
        }
        catch (HttpRequestException e)
        {
            throw InferenceException.Unavailable($"{Address.Description} is unreachable for {what}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw InferenceException.Unavailable(
                $"{Address.Description} did not answer {what} within {options.Value.PredictorTimeoutSeconds:0.###} s (Explainer:PredictorTimeoutSeconds)", e);
        }
    }

    private InferenceException Refused(HttpStatusCode status, string error, string what, bool fromClient)
    {
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.ServiceUnavailable => InferenceException.Unavailable($"{Address.Description} is not ready for {what}: {error}"),
            HttpStatusCode.NotFound => InferenceException.Unavailable($"{Address.Description} does not serve {what}: {error}"),
            HttpStatusCode.BadRequest when fromClient => InferenceException.BadRequest($"the predictor refused the instances: {error}"),
            HttpStatusCode.RequestEntityTooLarge when fromClient => InferenceException.PayloadTooLarge($"the predictor refused the instances: {error}"),
            HttpStatusCode.RequestEntityTooLarge => new InferenceException(
                InferenceErrorKind.Internal, $"{Address.Description} refused {what} as too large ({error}); lower Explainer:MaxBatchBytes or Explainer:MaxBatchSize"),
            _ => new InferenceException(InferenceErrorKind.Internal, $"{Address.Description} answered {code} to {what}: {error}"),
        };
    }

    private InferenceException NotUnderstood(string what, string problem) =>
        new(InferenceErrorKind.Internal, $"{Address.Description} answered {what} with a body that is not what the protocol says: {problem}");

    private JsonDocument ParseJson(byte[] body, string what)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw NotUnderstood(what, e.Message);
        }
    }

    // The protocol's {"error": "..."}; anything else is quoted, shortened, as it came.
    private static string ErrorOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not the protocol's error body; quoted below.
        }

        var text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0 ? "(no body)" : text.Length <= 200 ? text : text[..200] + "...";
    }

    private static long? HeaderLength(HttpResponseMessage response) =>
        response.Headers.TryGetValues(V2JsonCodec.HeaderLengthHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
}
