using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;

namespace Modelplane.Transformer.Predictors;

/// <summary>
/// The predictor over v2 REST, tensors both ways in the binary extension: an image tensor costs a copy, not a JSON
/// round trip. The W3C trace context travels in the HTTP headers, so the predictor's span joins the client's trace.
/// </summary>
internal sealed class RestPredictorClient(HttpClient http, IOptions<TransformerOptions> options) : IPredictorClient
{
    /// <summary>The named HTTP client, with service discovery and without retries of inference calls.</summary>
    public const string HttpClientName = "predictor";

    // A connection that could not be opened sent nothing, so trying again cannot run an inference twice; a predictor
    // replica that is restarting is back within these delays more often than not.
    private static readonly TimeSpan[] ConnectRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)];

    public string Address { get; } = options.Value.Predictor ?? string.Empty;

    public async Task<InferenceResponse> InferAsync(string model, string? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        var path = version is null ? $"v2/models/{Uri.EscapeDataString(model)}/infer" : $"v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/infer";
        var withBinaryOutputs = new InferenceRequest
        {
            Id = request.Id,
            Inputs = request.Inputs,
            Outputs = request.Outputs,
            Parameters = new InferenceParameters().Set(BinaryOutputs.AllParameter, true),
        };
        using var body = new PooledBufferWriter(4096);
        var headerLength = V2JsonCodec.WriteRequest(body, withBinaryOutputs, binaryInputs: true);
        var timeout = TimeSpan.FromSeconds(options.Value.PredictorTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                if (headerLength is { } length)
                {
                    message.Headers.Add(V2JsonCodec.HeaderLengthHeader, length.ToString(CultureInfo.InvariantCulture));
                }

                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
                var content = await response.Content.ReadAsByteArrayAsync(deadline.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw PredictorErrors.Refused(Address, model, response.StatusCode, ErrorMessage(content));
                }

                return Read(content, ResponseHeaderLength(response));
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError && attempt < ConnectRetryDelays.Length)
            {
                await Task.Delay(ConnectRetryDelays[attempt], deadline.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw PredictorErrors.Unreachable(Address, e);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw PredictorErrors.TimedOut(Address, timeout);
            }
        }
    }

    private InferenceResponse Read(byte[] content, long? headerLength)
    {
        try
        {
            return V2JsonCodec.ReadResponse(content, headerLength);
        }
        catch (InferenceException e)
        {
            throw InferenceException.Unavailable($"the predictor at {Address} gave an answer that cannot be read: {e.Message}", e);
        }
    }

    private static long? ResponseHeaderLength(HttpResponseMessage response) =>
        response.Headers.TryGetValues(V2JsonCodec.HeaderLengthHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    private static string ErrorMessage(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(content.AsSpan(0, Math.Min(content.Length, 200))).Trim();
        return text.Length == 0 ? "(no body)" : text;
    }
}
