using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>
/// The JSON form of Open Inference Protocol v2 inference requests and responses, both directions, so a server
/// and a client (a transformer calling its predictor) share one codec.
/// </summary>
public static class V2JsonCodec
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>The header that gives the length of the JSON part of a body carrying binary tensor data.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>Reads a request; every problem is an <see cref="InferenceException"/> naming where it is.</summary>
    public static InferenceRequest ReadRequest(ReadOnlySpan<byte> json) => ReadRequest(json, null);

    /// <summary>
    /// Reads a request whose body may carry binary tensor data after a JSON header of <paramref name="headerLength"/>
    /// bytes (the <c>Inference-Header-Content-Length</c> header); binary inputs keep pointing into <paramref name="body"/>.
    /// </summary>
    public static InferenceRequest ReadRequest(ReadOnlyMemory<byte> body, long? headerLength)
    {
        var binary = Split(body, headerLength, out var json);
        var request = ReadRequest(json.Span, binary);
        binary?.EnsureConsumed();
        return request;
    }

    /// <summary>Reads a response whose body may carry binary tensor data after a JSON header, as a client does.</summary>
    public static InferenceResponse ReadResponse(ReadOnlyMemory<byte> body, long? headerLength)
    {
        var binary = Split(body, headerLength, out var json);
        var response = ReadResponse(json.Span, binary);
        binary?.EnsureConsumed();
        return response;
    }

    private static BinarySection? Split(ReadOnlyMemory<byte> body, long? headerLength, out ReadOnlyMemory<byte> json)
    {
        json = body;
        if (headerLength is not { } length)
        {
            return null;
        }

        if (length < 0 || length > body.Length)
        {
            throw InferenceException.BadRequest($"{HeaderLengthHeader} is {length}, but the body has {body.Length} bytes");
        }

        json = body[..(int)length];
        return new BinarySection(body[(int)length..]);
    }

    private static InferenceRequest ReadRequest(ReadOnlySpan<byte> json, BinarySection? binary)
    {
        var reader = Start(json, "a JSON object with 'inputs'");
        try
        {
            string? id = null;
            InferenceParameters? parameters = null;
            List<Tensors.InferenceTensor>? inputs = null;
            List<RequestedOutput>? outputs = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("inputs"u8))
                {
                    reader.Read();
                    inputs = TensorJsonReader.ReadTensors(ref reader, "input", "inputs", binary);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    TensorJsonReader.Expect(ref reader, JsonTokenType.String, "'id' must be a string");
                    id = reader.GetString();
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    parameters = TensorJsonReader.ReadParameters(ref reader, "request");
                }
                else if (reader.ValueTextEquals("outputs"u8))
                {
                    reader.Read();
                    outputs = ReadRequestedOutputs(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            End(ref reader);
            if (inputs is null)
            {
                throw InferenceException.BadRequest("request has no 'inputs'");
            }

            return new InferenceRequest { Id = id, Parameters = parameters, Inputs = inputs, Outputs = outputs };
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    /// <summary>Reads a response, as a client of another server does.</summary>
    public static InferenceResponse ReadResponse(ReadOnlySpan<byte> json) => ReadResponse(json, null);

    private static InferenceResponse ReadResponse(ReadOnlySpan<byte> json, BinarySection? binary)
    {
        var reader = Start(json, "a JSON object with 'outputs'");
        try
        {
            string? modelName = null;
            string? modelVersion = null;
            string? id = null;
            InferenceParameters? parameters = null;
            List<Tensors.InferenceTensor>? outputs = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("outputs"u8))
                {
                    reader.Read();
                    outputs = TensorJsonReader.ReadTensors(ref reader, "output", "outputs", binary);
                }
                else if (reader.ValueTextEquals("model_name"u8))
                {
                    reader.Read();
                    modelName = reader.GetString();
                }
                else if (reader.ValueTextEquals("model_version"u8))
                {
                    reader.Read();
                    modelVersion = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    parameters = TensorJsonReader.ReadParameters(ref reader, "response");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            End(ref reader);
            return new InferenceResponse
            {
                ModelName = modelName ?? throw InferenceException.BadRequest("response has no 'model_name'"),
                ModelVersion = modelVersion,
                Id = id,
                Parameters = parameters,
                Outputs = outputs ?? throw InferenceException.BadRequest("response has no 'outputs'"),
            };
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    /// <summary>
    /// Writes a response. Outputs flagged in <paramref name="binaryOutputs"/> (see <see cref="BinaryOutputs"/>) follow
    /// the JSON as raw bytes; then the JSON's length is returned, for the <c>Inference-Header-Content-Length</c> header.
    /// </summary>
    public static int? WriteResponse(IBufferWriter<byte> output, InferenceResponse response, IReadOnlyList<bool>? binaryOutputs = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(response);
        int jsonLength;
        using (var lease = JsonWriterCache.Rent(output))
        {
            var writer = lease.Writer;
            writer.WriteStartObject();
            writer.WriteString("model_name"u8, response.ModelName);
            if (response.ModelVersion is not null)
            {
                writer.WriteString("model_version"u8, response.ModelVersion);
            }

            if (response.Id is not null)
            {
                writer.WriteString("id"u8, response.Id);
            }

            TensorJsonWriter.WriteParameters(writer, response.Parameters);
            writer.WritePropertyName("outputs"u8);
            TensorJsonWriter.WriteTensors(writer, response.Outputs, "output", binaryOutputs);
            writer.WriteEndObject();
            writer.Flush();
            jsonLength = (int)writer.BytesCommitted;
        }

        return AppendBinary(output, response.Outputs, binaryOutputs, jsonLength);
    }

    /// <summary>
    /// Writes tensors as the JSON array of a response's <c>outputs</c>, for a server that puts another server's outputs in
    /// an answer of its own (the explainer beside its explanations).
    /// </summary>
    public static void WriteOutputs(Utf8JsonWriter writer, IReadOnlyList<Tensors.InferenceTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outputs);
        TensorJsonWriter.WriteTensors(writer, outputs, "output");
    }

    /// <summary>
    /// Writes a request, as a client of another server does; with <paramref name="binaryInputs"/> every input's data
    /// follows the JSON as raw bytes and the JSON's length is returned, for the <c>Inference-Header-Content-Length</c> header.
    /// </summary>
    public static int? WriteRequest(IBufferWriter<byte> output, InferenceRequest request, bool binaryInputs = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        var binary = binaryInputs ? Enumerable.Repeat(true, request.Inputs.Count).ToArray() : null;
        int jsonLength;
        using (var lease = JsonWriterCache.Rent(output))
        {
            var writer = lease.Writer;
            writer.WriteStartObject();
            if (request.Id is not null)
            {
                writer.WriteString("id"u8, request.Id);
            }

            TensorJsonWriter.WriteParameters(writer, request.Parameters);
            writer.WritePropertyName("inputs"u8);
            TensorJsonWriter.WriteTensors(writer, request.Inputs, "input", binary);
            if (request.Outputs is { } outputs)
            {
                writer.WriteStartArray("outputs"u8);
                foreach (var requested in outputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name"u8, requested.Name);
                    TensorJsonWriter.WriteParameters(writer, requested.Parameters);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.Flush();
            jsonLength = (int)writer.BytesCommitted;
        }

        return AppendBinary(output, request.Inputs, binary, jsonLength);
    }

    private static int? AppendBinary(IBufferWriter<byte> output, IReadOnlyList<Tensors.InferenceTensor> tensors, IReadOnlyList<bool>? binary, int jsonLength)
    {
        if (binary is null || !binary.Contains(true))
        {
            return null;
        }

        for (var i = 0; i < tensors.Count; i++)
        {
            if (binary[i])
            {
                output.Write(tensors[i].Data.Span);
            }
        }

        return jsonLength;
    }

    /// <summary>Turns a reader error into a 400 that says where the JSON broke.</summary>
    internal static InferenceException NotJson(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
        return new InferenceException(InferenceErrorKind.BadRequest, $"request body is not valid JSON: {message.TrimEnd('.')}{where}", e);
    }

    /// <summary>Starts a reader on a body that must be one JSON object.</summary>
    internal static Utf8JsonReader Start(ReadOnlySpan<byte> json, string expected)
    {
        if (json.IsEmpty || json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw InferenceException.BadRequest($"request body is empty; expected {expected}");
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            reader.Read();
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }

        TensorJsonReader.Expect(ref reader, JsonTokenType.StartObject, $"request body must be {expected}");
        return reader;
    }

    /// <summary>Checks nothing but whitespace follows the object.</summary>
    internal static void End(ref Utf8JsonReader reader)
    {
        try
        {
            // A single-value reader throws on anything after the value, and returns false at the end.
            reader.Read();
        }
        catch (JsonException e)
        {
            throw new InferenceException(
                InferenceErrorKind.BadRequest,
                $"request body has more after its JSON object (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})",
                e);
        }
    }

    private static List<RequestedOutput> ReadRequestedOutputs(ref Utf8JsonReader reader)
    {
        TensorJsonReader.Expect(ref reader, JsonTokenType.StartArray, "'outputs' must be an array of {\"name\": ...} objects");
        var outputs = new List<RequestedOutput>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var position = $"outputs[{outputs.Count}]";
            TensorJsonReader.Expect(ref reader, JsonTokenType.StartObject, $"{position} must be an object with a 'name'");
            string? name = null;
            InferenceParameters? parameters = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    TensorJsonReader.Expect(ref reader, JsonTokenType.String, $"{position}: 'name' must be a string");
                    name = reader.GetString();
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    reader.Read();
                    parameters = TensorJsonReader.ReadParameters(ref reader, position);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            outputs.Add(new RequestedOutput(
                string.IsNullOrEmpty(name) ? throw InferenceException.BadRequest($"{position}: missing 'name'") : name,
                parameters));
        }

        return outputs;
    }
}
