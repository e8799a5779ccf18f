using System.Runtime.InteropServices;
using System.Text.Json;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Protocol.V1;

/// <summary>
/// The v1 reader as it was before it read in place: a JsonDocument of the whole body, each row re-read from its raw
/// text. Kept as the reference the in-place reader must agree with, tensor for tensor and message for message.
/// </summary>
internal static class DocumentV1Reader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static InferenceRequest ReadRequest(ReadOnlyMemory<byte> json, IReadOnlyList<TensorMetadata> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        V2JsonCodec.Start(json.Span, "a JSON object with 'instances' or 'inputs'");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw V2JsonCodec.NotJson(e);
        }

        using (document)
        {
            var root = document.RootElement;
            List<InferenceTensor> tensors;
            if (root.TryGetProperty("instances", out var instances))
            {
                tensors = ReadInstances(instances, inputs);
            }
            else if (root.TryGetProperty("inputs", out var columns))
            {
                tensors = ReadColumns(columns, inputs);
            }
            else
            {
                throw InferenceException.BadRequest("request needs 'instances' (a list of rows) or 'inputs' (columns)");
            }

            return new InferenceRequest
            {
                Inputs = tensors,
            };
        }
    }

    private static List<InferenceTensor> ReadInstances(JsonElement instances, IReadOnlyList<TensorMetadata> inputs)
    {
        if (instances.ValueKind != JsonValueKind.Array)
        {
            throw InferenceException.BadRequest("'instances' must be a list with one entry per row");
        }

        if (instances.GetArrayLength() == 0)
        {
            throw InferenceException.BadRequest("'instances' is empty; send at least one row");
        }

        var first = instances[0];
        var named = first.ValueKind == JsonValueKind.Object && !IsBase64(first);
        if (!named)
        {
            if (inputs.Count != 1)
            {
                throw InferenceException.BadRequest(
                    $"the model has {inputs.Count} inputs ({Names(inputs)}); each instance must be an object keyed by input name");
            }

            return [Stack(inputs[0], [.. instances.EnumerateArray()], "instances")];
        }

        var rows = instances.EnumerateArray().ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.BadRequest($"instances[{i}] must be an object keyed by input name, like instances[0]");
            }

            foreach (var property in rows[i].EnumerateObject())
            {
                if (!inputs.Any(input => input.Name == property.Name))
                {
                    throw InferenceException.BadRequest($"instances[{i}]: '{property.Name}' is not an input of the model (inputs: {Names(inputs)})");
                }
            }
        }

        return [.. inputs.Select(input => Stack(input, [.. rows.Select((row, i) => row.TryGetProperty(input.Name, out var value)
            ? value
            : throw InferenceException.BadRequest($"instances[{i}]: missing input '{input.Name}'"))], "instances", input.Name))];
    }

    private static List<InferenceTensor> ReadColumns(JsonElement columns, IReadOnlyList<TensorMetadata> inputs)
    {
        if (columns.ValueKind == JsonValueKind.Object && !IsBase64(columns))
        {
            foreach (var property in columns.EnumerateObject())
            {
                if (!inputs.Any(input => input.Name == property.Name))
                {
                    throw InferenceException.BadRequest($"inputs: '{property.Name}' is not an input of the model (inputs: {Names(inputs)})");
                }
            }

            return [.. inputs.Select(input => columns.TryGetProperty(input.Name, out var column)
                ? Stack(input, Rows(column, $"inputs.{input.Name}"), $"inputs.{input.Name}")
                : throw InferenceException.BadRequest($"inputs: missing input '{input.Name}'"))];
        }

        if (inputs.Count != 1)
        {
            throw InferenceException.BadRequest($"the model has {inputs.Count} inputs ({Names(inputs)}); 'inputs' must be an object keyed by input name");
        }

        return [Stack(inputs[0], Rows(columns, "inputs"), "inputs")];
    }

    private static List<JsonElement> Rows(JsonElement column, string where) =>
        column.ValueKind == JsonValueKind.Array && column.GetArrayLength() > 0
            ? [.. column.EnumerateArray()]
            : throw InferenceException.BadRequest($"{where} must be a non-empty list with one entry per row");

    // Rows are stacked along a new first dimension; every row must have the shape of the first. Messages name a
    // row as where[i], or where[i].member when rows are objects keyed by input name.
    private static InferenceTensor Stack(TensorMetadata input, List<JsonElement> rows, string where, string? member = null)
    {
        string Row(int i) => member is null ? $"{where}[{i}]" : $"{where}[{i}].{member}";

        var rowShape = ShapeOf(rows[0]);
        var perRow = TensorShape.ElementCount(rowShape);
        using var buffer = new PooledBufferWriter();
        var owner = $"input '{input.Name}'";
        for (var i = 0; i < rows.Count; i++)
        {
            var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(rows[i]));
            reader.Read();
            var count = TensorDataJsonReader.Read(ref reader, input.DataType, buffer, owner, Row(i));
            if (count != perRow || !ShapeOf(rows[i]).AsSpan().SequenceEqual(rowShape))
            {
                throw InferenceException.BadRequest(rowShape.Length == 1
                    ? $"{owner}: {Row(i)} has {count} values, {Row(0)} has {perRow}; every row needs the same number"
                    : $"{owner}: {Row(i)} has shape {TensorShape.Format(ShapeOf(rows[i]))}, {Row(0)} has {TensorShape.Format(rowShape)}");
            }
        }

        long[] shape = [rows.Count, .. rowShape];
        return new InferenceTensor(input.Name, input.DataType, shape, buffer.ToArray());
    }

    // The shape of a nested JSON array, read along its first elements; a scalar has shape [].
    private static long[] ShapeOf(JsonElement value)
    {
        var dims = new List<long>();
        while (value.ValueKind == JsonValueKind.Array)
        {
            var length = value.GetArrayLength();
            dims.Add(length);
            if (length == 0)
            {
                break;
            }

            value = value[0];
        }

        return [.. dims];
    }

    private static bool IsBase64(JsonElement value) => value.ValueKind == JsonValueKind.Object && value.TryGetProperty("b64", out _);

    private static string Names(IReadOnlyList<TensorMetadata> inputs) => string.Join(", ", inputs.Select(i => i.Name));
}
