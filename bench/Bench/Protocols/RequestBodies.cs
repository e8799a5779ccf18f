using System.Buffers.Binary;
using System.Text.Json;
using Google.Protobuf;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.Bench.Protocols;

/// <summary>
/// One request in the three encodings, byte for byte what the load generators send: v2 JSON, v2 with the binary tensor
/// extension (binary input, every output asked for as binary), and a gRPC-framed <c>ModelInferRequest</c> with
/// <c>raw_input_contents</c>, encoded by Google.Protobuf from the repository's <c>grpc_predict_v2.proto</c>.
/// </summary>
internal sealed class RequestBodies
{
    private RequestBodies(byte[] json, byte[] binary, int binaryJsonLength, byte[] grpcFramed)
    {
        Json = json;
        Binary = binary;
        BinaryJsonLength = binaryJsonLength;
        GrpcFramed = grpcFramed;
    }

    public byte[] Json { get; }

    /// <summary>The JSON header, then the input's raw bytes.</summary>
    public byte[] Binary { get; }

    /// <summary>The length of <see cref="Binary"/>'s JSON header: the <c>Inference-Header-Content-Length</c>.</summary>
    public int BinaryJsonLength { get; }

    /// <summary>A gRPC length-prefixed message: compressed flag 0, the message length as 4 bytes big-endian, the message.</summary>
    public byte[] GrpcFramed { get; }

    /// <summary>The <c>ModelInferRequest</c> inside <see cref="GrpcFramed"/>, read back from those bytes.</summary>
    public ModelInferRequest GrpcMessage => ModelInferRequest.Parser.ParseFrom(GrpcFramed.AsSpan(5));

    public static RequestBodies Build(ModelRequest request)
    {
        var json = Write(writer =>
        {
            writer.WriteStartObject();
            WriteInput(writer, request, binary: false);
            writer.WriteEndObject();
        });

        var header = Write(writer =>
        {
            writer.WriteStartObject();
            WriteInput(writer, request, binary: true);
            writer.WriteStartArray("outputs");
            foreach (var output in request.Outputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", output.Name);
                writer.WriteStartObject("parameters");
                writer.WriteBoolean("binary_data", true);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        // No outputs listed: the predictor returns every output, raw, as it does for a request with raw inputs.
        var message = new ModelInferRequest { ModelName = request.Model };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = ModelRequest.InputName, Datatype = "FP32" };
        input.Shape.AddRange(request.Shape);
        message.Inputs.Add(input);
        message.RawInputContents.Add(ByteString.CopyFrom(request.InputBytes));
        var size = message.CalculateSize();
        var framed = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)size);
        message.WriteTo(framed.AsSpan(5));

        return new RequestBodies(json, [.. header, .. request.InputBytes], header.Length, framed);
    }

    private static void WriteInput(Utf8JsonWriter writer, ModelRequest request, bool binary)
    {
        writer.WriteStartArray("inputs");
        writer.WriteStartObject();
        writer.WriteString("name", ModelRequest.InputName);
        writer.WriteString("datatype", "FP32");
        writer.WriteStartArray("shape");
        foreach (var dim in request.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        if (binary)
        {
            writer.WriteStartObject("parameters");
            writer.WriteNumber("binary_data_size", request.InputBytes.Length);
            writer.WriteEndObject();
        }
        else
        {
            // Utf8JsonWriter writes each float in its shortest round-trip form, as a client's serializer would.
            writer.WriteStartArray("data");
            foreach (var value in request.Values)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
