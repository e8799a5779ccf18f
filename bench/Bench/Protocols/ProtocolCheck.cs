using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.Bench.Protocols;

/// <summary>
/// Sends a request once over each protocol with a real client and checks the answer: the status, every expected output
/// with its datatype, shape and size, the same bytes over all three protocols, and what the model must answer. A broken
/// path would otherwise be measured answering errors at full speed.
/// </summary>
internal sealed class ProtocolCheck(HttpClient http, GRPCInferenceService.GRPCInferenceServiceClient grpc)
{
    private const string HeaderLengthHeader = "Inference-Header-Content-Length";
    private static readonly TimeSpan GrpcDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks all three paths for <paramref name="request"/>; returns the bytes of DATA a correct gRPC answer carries
    /// (the gRPC-framed <c>ModelInferResponse</c>), against which the gRPC load run counts its answers.
    /// </summary>
    public async Task<long> CheckAllAsync(Uri baseAddress, ModelRequest request, RequestBodies bodies, CancellationToken cancellationToken)
    {
        var json = await RestJsonAsync(baseAddress, request, bodies, cancellationToken);
        var binary = await RestBinaryAsync(baseAddress, request, bodies, cancellationToken);
        var (viaGrpc, grpcDataBytes) = await GrpcAsync(request, bodies, cancellationToken);
        foreach (var output in request.Outputs)
        {
            if (!binary[output.Name].AsSpan().SequenceEqual(json[output.Name]) || !viaGrpc[output.Name].AsSpan().SequenceEqual(json[output.Name]))
            {
                throw new BenchmarkException($"{request.Model}: output '{output.Name}' differs between REST JSON, REST binary and gRPC");
            }
        }

        if (request.CheckAnswer(json) is { } wrong)
        {
            throw new BenchmarkException($"{request.Model} answered wrongly: {wrong}");
        }

        return grpcDataBytes;
    }

    /// <summary>Once more over gRPC, after a load run: the load generator cannot read <c>grpc-status</c> itself.</summary>
    public async Task RecheckGrpcAsync(ModelRequest request, RequestBodies bodies, CancellationToken cancellationToken)
    {
        var (outputs, _) = await GrpcAsync(request, bodies, cancellationToken);
        if (request.CheckAnswer(outputs) is { } wrong)
        {
            throw new BenchmarkException($"{request.Model} answered wrongly over gRPC after the load run: {wrong}");
        }
    }

    private async Task<Dictionary<string, byte[]>> RestJsonAsync(Uri baseAddress, ModelRequest request, RequestBodies bodies, CancellationToken cancellationToken)
    {
        var path = InferPath(request);
        using var content = new ByteArrayContent(bodies.Json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (status, mediaType, body) = await PostAsync(new Uri(baseAddress, path), content, cancellationToken);
        if (status != HttpStatusCode.OK || mediaType != "application/json")
        {
            throw Refused(Protocol.RestJson, path, status, mediaType, body, "200 application/json");
        }

        using var document = Parse(Protocol.RestJson, body);
        var outputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var expected in request.Outputs)
        {
            var output = FindOutput(Protocol.RestJson, document.RootElement, expected);
            if (!output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != expected.ElementCount)
            {
                throw Wrong(Protocol.RestJson, request, $"output '{expected.Name}' has no flat 'data' array of {expected.ElementCount} values");
            }

            outputs[expected.Name] = ToBytes(expected, data);
        }

        return outputs;
    }

    private async Task<Dictionary<string, byte[]>> RestBinaryAsync(Uri baseAddress, ModelRequest request, RequestBodies bodies, CancellationToken cancellationToken)
    {
        var path = InferPath(request);
        using var content = new ByteArrayContent(bodies.Binary);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLengthHeader, bodies.BinaryJsonLength.ToString(CultureInfo.InvariantCulture));
        using var response = await SendAsync(new Uri(baseAddress, path), content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.OK || mediaType != "application/octet-stream")
        {
            throw Refused(Protocol.RestBinary, path, response.StatusCode, mediaType, body, "200 application/octet-stream");
        }

        var headerLength = (response.Headers.TryGetValues(HeaderLengthHeader, out var values) ? values : response.Content.Headers.TryGetValues(HeaderLengthHeader, out var contentValues) ? contentValues : [])
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : -1)
            .FirstOrDefault(-1);
        if (headerLength < 0 || headerLength > body.Length)
        {
            throw Wrong(Protocol.RestBinary, request, $"the answer of {body.Length} bytes has no usable {HeaderLengthHeader} header");
        }

        using var document = Parse(Protocol.RestBinary, body.AsSpan(0, headerLength).ToArray());
        var outputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var offset = headerLength;

        // The raw bytes follow in the order the JSON header lists the outputs.
        foreach (var output in document.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var name = output.GetProperty("name").GetString() ?? string.Empty;
            var expected = request.Outputs.FirstOrDefault(o => o.Name == name)
                ?? throw Wrong(Protocol.RestBinary, request, $"unexpected output '{name}'");
            FindOutput(Protocol.RestBinary, document.RootElement, expected);
            var size = output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var sizeValue)
                ? sizeValue.GetInt64()
                : -1;
            if (size != expected.ByteCount || offset + size > body.Length)
            {
                throw Wrong(Protocol.RestBinary, request, $"output '{name}' has binary_data_size {size}, not {expected.ByteCount}, or the body is too short for it");
            }

            outputs[name] = body.AsSpan(offset, (int)size).ToArray();
            offset += (int)size;
        }

        if (offset != body.Length || outputs.Count != request.Outputs.Count)
        {
            throw Wrong(Protocol.RestBinary, request, $"the answer has {body.Length - offset} bytes after its outputs, or lacks an output");
        }

        return outputs;
    }

    private async Task<(Dictionary<string, byte[]> Outputs, long DataBytes)> GrpcAsync(ModelRequest request, RequestBodies bodies, CancellationToken cancellationToken)
    {
        ModelInferResponse response;
        try
        {
            // The message parsed back from the very bytes h2load sends, so a fault in the body file shows here.
            response = await grpc.ModelInferAsync(bodies.GrpcMessage, deadline: DateTime.UtcNow + GrpcDeadline, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            throw new BenchmarkException($"gRPC ModelInfer for {request.Model} failed with {e.StatusCode}: {e.Status.Detail}", e);
        }

        if (response.RawOutputContents.Count != response.Outputs.Count)
        {
            throw Wrong(Protocol.Grpc, request, $"{response.Outputs.Count} outputs but {response.RawOutputContents.Count} raw_output_contents");
        }

        var outputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var expected = request.Outputs.FirstOrDefault(o => o.Name == output.Name)
                ?? throw Wrong(Protocol.Grpc, request, $"unexpected output '{output.Name}'");
            if (output.Datatype != expected.DataType || !output.Shape.SequenceEqual(expected.Shape) || response.RawOutputContents[i].Length != expected.ByteCount)
            {
                throw Wrong(
                    Protocol.Grpc,
                    request,
                    $"output '{output.Name}' is {output.Datatype} [{string.Join(',', output.Shape)}] in {response.RawOutputContents[i].Length} bytes, "
                    + $"not {expected.DataType} [{string.Join(',', expected.Shape)}] in {expected.ByteCount}");
            }

            outputs[output.Name] = response.RawOutputContents[i].ToByteArray();
        }

        if (outputs.Count != request.Outputs.Count)
        {
            throw Wrong(Protocol.Grpc, request, $"the answer has {outputs.Count} of the {request.Outputs.Count} outputs");
        }

        return (outputs, 5 + response.CalculateSize());
    }

    private static string InferPath(ModelRequest request) => $"/v2/models/{request.Model}/infer";

    private static JsonElement FindOutput(Protocol protocol, JsonElement root, ExpectedOutput expected)
    {
        var output = root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array
            ? outputs.EnumerateArray().FirstOrDefault(o => o.TryGetProperty("name", out var name) && name.ValueEquals(expected.Name))
            : default;
        if (output.ValueKind != JsonValueKind.Object
            || !output.TryGetProperty("datatype", out var datatype) || !datatype.ValueEquals(expected.DataType)
            || !output.TryGetProperty("shape", out var shape) || !shape.EnumerateArray().Select(d => d.GetInt64()).SequenceEqual(expected.Shape))
        {
            throw new BenchmarkException(
                $"{protocol.Display()}: the answer has no output '{expected.Name}' of {expected.DataType} [{string.Join(',', expected.Shape)}]: {Excerpt(root.GetRawText())}");
        }

        return output;
    }

    private static byte[] ToBytes(ExpectedOutput expected, JsonElement data)
    {
        var bytes = new byte[expected.ByteCount];
        var i = 0;
        foreach (var value in data.EnumerateArray())
        {
            if (expected.DataType == "FP32")
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value.GetSingle());
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), value.GetInt64());
            }

            i++;
        }

        return bytes;
    }

    private async Task<(HttpStatusCode Status, string? MediaType, byte[] Body)> PostAsync(Uri url, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(url, content, cancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            return await http.PostAsync(url, content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BenchmarkException($"POST {url} failed: {e.Message}", e);
        }
    }

    private static JsonDocument Parse(Protocol protocol, byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new BenchmarkException($"{protocol.Display()}: the answer's JSON does not parse ({e.Message}): {Excerpt(Encoding.UTF8.GetString(json))}", e);
        }
    }

    private static BenchmarkException Refused(Protocol protocol, string path, HttpStatusCode status, string? mediaType, byte[] body, string wanted) =>
        new($"{protocol.Display()}: POST {path} answered {(int)status} {mediaType} '{Excerpt(Encoding.UTF8.GetString(body))}' instead of {wanted}");

    private static BenchmarkException Wrong(Protocol protocol, ModelRequest request, string what) => new($"{protocol.Display()}, {request.Model}: {what}");

    private static string Excerpt(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
