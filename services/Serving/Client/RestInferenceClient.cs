using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;
using Modelplane.Serving.Protocol.V2;

namespace Modelplane.Serving.Client;

/// <summary>
/// The client over v2 REST: tensors as JSON, or both ways in the binary tensor extension, written and read by the
/// SDK's own <see cref="V2JsonCodec"/>. The W3C trace context travels in the HTTP headers, so the server's span joins
/// the caller's trace.
/// </summary>
internal sealed class RestInferenceClient(IHttpClientFactory clients, InferenceCalls calls) : IInferenceClient
{
    /// <summary>The named HTTP client: pooled connections, service discovery, and no retrying handler.</summary>
    public const string HttpClientName = "Modelplane.Serving.Client";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue BinaryType = new("application/octet-stream");

    private HttpClient? _http;

    public string Address => calls.Options.Address ?? string.Empty;

    // One client for the process: its handler is never recycled, and connections are by the handler, so DNS changes are still seen.
    private HttpClient Http => _http ??= clients.CreateClient(HttpClientName);

    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = InferenceCall.Infer(model, version);
        var binary = calls.Options.Protocol == InferenceProtocol.Binary;
        using var body = new PooledBufferWriter(binary ? DataLength(request) + 1024 : 4096);
        var headerLength = V2JsonCodec.WriteRequest(body, binary ? WithBinaryOutputs(request) : request, binaryInputs: binary);
        var answer = Successful(call, await SendAsync(call, HttpMethod.Post, call.ModelPath + "/infer", body.WrittenMemory, headerLength, cancellationToken));
        try
        {
            return V2JsonCodec.ReadResponse(answer.Body, answer.HeaderLength);
        }
        catch (InferenceException e)
        {
            throw calls.Unreadable(call, e.Message, e);
        }
    }

    public async Task<ModelMetadata> GetModelMetadataAsync(string model, string? version, CancellationToken cancellationToken = default)
    {
        var call = InferenceCall.Metadata(model, version);
        var answer = Successful(call, await SendAsync(call, HttpMethod.Get, call.ModelPath, null, null, cancellationToken));
        try
        {
            return JsonSerializer.Deserialize(answer.Body, ServingJsonContext.Default.ModelMetadata) ?? throw new JsonException("the body is null");
        }
        catch (JsonException e)
        {
            throw calls.Unreadable(call, e.Message, e);
        }
    }

    public async Task<bool> IsModelReadyAsync(string model, string? version, CancellationToken cancellationToken = default)
    {
        var call = InferenceCall.Readiness(model, version);
        var answer = await SendAsync(call, HttpMethod.Get, call.ModelPath + "/ready", null, null, cancellationToken);

        // A model that is not ready answers 503 with {"ready": false}; any other refusal is the server's error.
        if (answer.Status == StatusCodes.Status503ServiceUnavailable && IsNotReady(answer.Body))
        {
            return false;
        }

        Successful(call, answer);
        return true;
    }

    public async Task<JsonDocument> PredictV1Async(string model, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var call = InferenceCall.PredictV1(model);
        var answer = Successful(call, await SendAsync(call, HttpMethod.Post, $"v1/models/{Uri.EscapeDataString(model)}:predict", body, null, cancellationToken));
        try
        {
            return JsonDocument.Parse(answer.Body);
        }
        catch (JsonException e)
        {
            throw calls.Unreadable(call, e.Message, e);
        }
    }

    private static int DataLength(InferenceRequest request)
    {
        var length = 0L;
        foreach (var input in request.Inputs)
        {
            length += input.Data.Length;
        }

        return (int)Math.Min(length, Array.MaxLength - 1024);
    }

    // Every output comes back binary, whatever the caller asked of each: the caller reads tensors, not JSON.
    private static InferenceRequest WithBinaryOutputs(InferenceRequest request)
    {
        var parameters = new InferenceParameters();
        foreach (var (key, value) in request.Parameters?.Entries ?? [])
        {
            parameters.Set(key, value);
        }

        return new InferenceRequest
        {
            Id = request.Id,
            Inputs = request.Inputs,
            Outputs = request.Outputs,
            Parameters = parameters.Set(BinaryOutputs.AllParameter, true),
        };
    }

    private Answer Successful(InferenceCall call, Answer answer) =>
        answer.Status is >= 200 and < 300 ? answer : throw calls.Answered(call, answer.Status, ErrorText(answer.Body));

    // The message is made anew for each attempt: one that was sent cannot be sent again.
    private Task<Answer> SendAsync(InferenceCall call, HttpMethod method, string path, ReadOnlyMemory<byte>? body, int? headerLength, CancellationToken cancellationToken) =>
        calls.RunAsync(call, async token =>
        {
            using var request = new HttpRequestMessage(method, new Uri(calls.Target.BaseAddress, path));
            if (body is { } content)
            {
                request.Content = new ReadOnlyMemoryContent(content);
                request.Content.Headers.ContentType = headerLength is null ? JsonType : BinaryType;
            }

            if (headerLength is { } length)
            {
                request.Headers.Add(V2JsonCodec.HeaderLengthHeader, length.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var (name, value) in calls.Options.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);

            // A plain array, not a pooled one: binary outputs are read in place, so it lives as long as the response it becomes.
            var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            return new Answer((int)response.StatusCode, bytes, HeaderLength(response));
        }, cancellationToken);

    private static long? HeaderLength(HttpResponseMessage response) =>
        response.Headers.TryGetValues(V2JsonCodec.HeaderLengthHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    // The protocol's {"error": "..."}; anything else is quoted, shortened, as it came.
    private static string ErrorText(byte[] body)
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

    private static bool IsNotReady(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ServingJsonContext.Default.ReadinessResponse) is { Ready: false };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private readonly record struct Answer(int Status, byte[] Body, long? HeaderLength);
}
