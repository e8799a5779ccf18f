using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// Carries a KServe v1 body into the pipeline as it is: each instance's raw JSON becomes one element of a BYTES input,
/// so steps read named members (<c>image_bytes</c>, <c>sepal_length</c>) with their own rules for missing and extra ones.
/// </summary>
internal static class V1Instances
{
    /// <summary>The input that carries the instances.</summary>
    public const string InputName = "instances";

    private const string Marker = "modelplane_v1";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static InferenceRequest Read(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw InferenceException.BadRequest("request body is empty; expected a JSON object with 'instances'");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
            throw new InferenceException(InferenceErrorKind.BadRequest, $"request body is not valid JSON{where}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.BadRequest("request body must be a JSON object with 'instances'");
            }

            // KServe v1 also names the rows 'inputs'; both are a list with one entry per row here.
            if (!root.TryGetProperty("instances", out var instances) && !root.TryGetProperty("inputs", out instances))
            {
                throw InferenceException.BadRequest("request needs 'instances', a list with one entry per row");
            }

            if (instances.ValueKind != JsonValueKind.Array || instances.GetArrayLength() == 0)
            {
                throw InferenceException.BadRequest("'instances' must be a non-empty list with one entry per row");
            }

            var rows = instances.EnumerateArray().Select(i => (ReadOnlyMemory<byte>)JsonMarshal.GetRawUtf8Value(i).ToArray()).ToList();
            var parameters = new InferenceParameters().Set(Marker, true);
            return new InferenceRequest
            {
                Inputs = [new InferenceTensor(InputName, TensorDataType.Bytes, [rows.Count], BytesElements.Encode(rows))],
                Parameters = parameters,
            };
        }
    }

    /// <summary>The instances of a request read by <see cref="Read"/>, or null for a v2 request.</summary>
    public static InferenceTensor? Find(InferenceRequest request) =>
        request.Parameters is { } parameters && parameters.TryGet<bool>(Marker, out var v1) && v1 ? request.FindInput(InputName) : null;
}
