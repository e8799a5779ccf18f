using System.Buffers;
using System.Text.Json;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol.V1;

/// <summary>
/// KServe's v1 protocol mapped onto tensors: <c>{"instances": [...]}</c> (one row per instance) or
/// <c>{"inputs": ...}</c> (columnar) become input tensors typed by the model's metadata, and output tensors
/// become <c>{"predictions": [...]}</c>, one entry per row.
/// </summary>
public static class V1JsonCodec
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a v1 request for a model with the given inputs, asking for <paramref name="outputs"/>.</summary>
    /// <remarks>
    /// The body is read where it lies, with readers positioned on its values, and every number goes straight into the
    /// tensor's buffer, sized from the rows before it is filled: no document tree, no copy of the body. The whole body
    /// is checked to be JSON first, so a broken body gets the same answer wherever it breaks, and the walks below never
    /// meet a syntax error.
    /// </remarks>
    public static InferenceRequest ReadRequest(ReadOnlyMemory<byte> json, IReadOnlyList<TensorMetadata> inputs, IReadOnlyList<string>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var root = V2JsonCodec.Start(json.Span, "a JSON object with 'instances' or 'inputs'");
        EnsureJson(json.Span);
        List<InferenceTensor> tensors;
        if (TryGetProperty(root, "instances", out var instances))
        {
            tensors = ReadInstances(instances, inputs);
        }
        else if (TryGetProperty(root, "inputs", out var columns))
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
            Outputs = outputs?.Select(name => new RequestedOutput(name)).ToList(),
        };
    }

    /// <summary>Writes <c>{"predictions": [...]}</c>: one entry per row of the outputs, an object per row when there are several.</summary>
    public static void WriteResponse(IBufferWriter<byte> output, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var lease = JsonWriterCache.Rent(output);
        var writer = lease.Writer;
        writer.WriteStartObject();
        writer.WriteStartArray("predictions"u8);
        var outputs = response.Outputs;
        if (outputs.Count == 1)
        {
            WriteRows(writer, outputs[0]);
        }
        else if (outputs.Count > 1)
        {
            var rows = outputs.Min(o => o.Shape.Length == 0 ? 1 : o.Shape[0]);
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStartObject();
                foreach (var tensor in outputs)
                {
                    writer.WritePropertyName(tensor.Name);
                    WriteRow(writer, tensor, row);
                }

                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static List<InferenceTensor> ReadInstances(Utf8JsonReader instances, IReadOnlyList<TensorMetadata> inputs)
    {
        if (instances.TokenType != JsonTokenType.StartArray)
        {
            throw InferenceException.BadRequest("'instances' must be a list with one entry per row");
        }

        var cursor = instances;
        if (!NextRow(ref cursor, null, out var first))
        {
            throw InferenceException.BadRequest("'instances' is empty; send at least one row");
        }

        var named = first.TokenType == JsonTokenType.StartObject && !IsBase64(first);
        if (!named)
        {
            if (inputs.Count != 1)
            {
                throw InferenceException.BadRequest(
                    $"the model has {inputs.Count} inputs ({Names(inputs)}); each instance must be an object keyed by input name");
            }

            return [Stack(inputs[0], instances, "instances")];
        }

        cursor = instances;
        for (var i = 0; NextRow(ref cursor, null, out var row); i++)
        {
            if (row.TokenType != JsonTokenType.StartObject)
            {
                throw InferenceException.BadRequest($"instances[{i}] must be an object keyed by input name, like instances[0]");
            }

            while (row.Read() && row.TokenType == JsonTokenType.PropertyName)
            {
                var property = row.GetString()!;
                if (!inputs.Any(input => input.Name == property))
                {
                    throw InferenceException.BadRequest($"instances[{i}]: '{property}' is not an input of the model (inputs: {Names(inputs)})");
                }

                row.Read();
                row.Skip();
            }
        }

        var tensors = new List<InferenceTensor>(inputs.Count);
        foreach (var input in inputs)
        {
            cursor = instances;
            for (var i = 0; NextRow(ref cursor, null, out var row); i++)
            {
                if (!TryGetProperty(row, input.Name, out _))
                {
                    throw InferenceException.BadRequest($"instances[{i}]: missing input '{input.Name}'");
                }
            }

            tensors.Add(Stack(input, instances, "instances", input.Name));
        }

        return tensors;
    }

    private static List<InferenceTensor> ReadColumns(Utf8JsonReader columns, IReadOnlyList<TensorMetadata> inputs)
    {
        if (columns.TokenType == JsonTokenType.StartObject && !IsBase64(columns))
        {
            var properties = columns;
            while (properties.Read() && properties.TokenType == JsonTokenType.PropertyName)
            {
                var property = properties.GetString()!;
                if (!inputs.Any(input => input.Name == property))
                {
                    throw InferenceException.BadRequest($"inputs: '{property}' is not an input of the model (inputs: {Names(inputs)})");
                }

                properties.Read();
                properties.Skip();
            }

            var tensors = new List<InferenceTensor>(inputs.Count);
            foreach (var input in inputs)
            {
                tensors.Add(TryGetProperty(columns, input.Name, out var column)
                    ? Stack(input, Rows(column, $"inputs.{input.Name}"), $"inputs.{input.Name}")
                    : throw InferenceException.BadRequest($"inputs: missing input '{input.Name}'"));
            }

            return tensors;
        }

        if (inputs.Count != 1)
        {
            throw InferenceException.BadRequest($"the model has {inputs.Count} inputs ({Names(inputs)}); 'inputs' must be an object keyed by input name");
        }

        return [Stack(inputs[0], Rows(columns, "inputs"), "inputs")];
    }

    private static Utf8JsonReader Rows(Utf8JsonReader column, string where)
    {
        var first = column;
        return column.TokenType == JsonTokenType.StartArray && NextRow(ref first, null, out _)
            ? column
            : throw InferenceException.BadRequest($"{where} must be a non-empty list with one entry per row");
    }

    // Rows are stacked along a new first dimension; every row must have the shape of the first. The rows are the
    // elements of the list `rows` is on, or each element's `member` when rows are objects keyed by input name. Messages
    // name a row as where[i], or where[i].member.
    private static InferenceTensor Stack(TensorMetadata input, Utf8JsonReader rows, string where, string? member = null)
    {
        string Row(int i) => member is null ? $"{where}[{i}]" : $"{where}[{i}].{member}";

        // One walk over the list counts the rows, so the buffer is sized once from the rows and the first row's shape.
        var cursor = rows;
        NextRow(ref cursor, member, out var first);
        var rowShape = ShapeOf(first);
        var perRow = TensorShape.ElementCount(rowShape);
        long rowCount = 1;
        while (NextRow(ref cursor, null, out _))
        {
            rowCount++;
        }

        var listLength = cursor.BytesConsumed - rows.TokenStartIndex;
        var expected = TensorShape.TryGetElementCount([rowCount, perRow], out var elements) ? elements : -1;
        using var buffer = new PooledBufferWriter(TensorDataJsonReader.Capacity(input.DataType, expected, listLength));
        var owner = $"input '{input.Name}'";
        cursor = rows;
        var i = 0;
        for (; NextRow(ref cursor, member, out var row); i++)
        {
            var reader = row;
            var count = TensorDataJsonReader.Read(ref reader, input.DataType, buffer, owner, Row(i));
            if (count != perRow || !ShapeOf(row).AsSpan().SequenceEqual(rowShape))
            {
                throw InferenceException.BadRequest(rowShape.Length == 1
                    ? $"{owner}: {Row(i)} has {count} values, {Row(0)} has {perRow}; every row needs the same number"
                    : $"{owner}: {Row(i)} has shape {TensorShape.Format(ShapeOf(row))}, {Row(0)} has {TensorShape.Format(rowShape)}");
            }
        }

        long[] shape = [i, .. rowShape];
        return new InferenceTensor(input.Name, input.DataType, shape, buffer.TakeWritten());
    }

    // Moves `list` (on a list's start, or on the previous row) past the next row, giving a reader on that row, or on
    // its `member` when rows are objects; false at the end of the list.
    private static bool NextRow(ref Utf8JsonReader list, string? member, out Utf8JsonReader row)
    {
        if (!list.Read() || list.TokenType == JsonTokenType.EndArray)
        {
            row = default;
            return false;
        }

        row = list;
        if (member is not null)
        {
            TryGetProperty(list, member, out row);
        }

        list.Skip();
        return true;
    }

    // The value of a property of the object `value` is on; the last one when a name repeats, as a JSON document gives it.
    private static bool TryGetProperty(Utf8JsonReader value, string name, out Utf8JsonReader property)
    {
        property = default;
        if (value.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var found = false;
        while (value.Read() && value.TokenType == JsonTokenType.PropertyName)
        {
            var matches = value.ValueTextEquals(name);
            value.Read();
            if (matches)
            {
                property = value;
                found = true;
            }

            value.Skip();
        }

        return found;
    }

    // The shape of a nested JSON array, read along its first elements; a scalar has shape [].
    private static long[] ShapeOf(Utf8JsonReader value)
    {
        var dims = new List<long>();
        while (value.TokenType == JsonTokenType.StartArray)
        {
            var element = value;
            var first = default(Utf8JsonReader);
            long length = 0;
            while (element.Read() && element.TokenType != JsonTokenType.EndArray)
            {
                if (length++ == 0)
                {
                    first = element;
                }

                element.Skip();
            }

            dims.Add(length);
            if (length == 0)
            {
                break;
            }

            value = first;
        }

        return [.. dims];
    }

    // A whole read of the body: the same errors a JSON document would raise, before anything else is looked at.
    private static void EnsureJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw V2JsonCodec.NotJson(e);
        }
    }

    private static bool IsBase64(Utf8JsonReader value) => TryGetProperty(value, "b64", out _);

    private static string Names(IReadOnlyList<TensorMetadata> inputs) => string.Join(", ", inputs.Select(i => i.Name));

    private static void WriteRows(Utf8JsonWriter writer, InferenceTensor tensor)
    {
        if (tensor.Shape.Length == 0)
        {
            TensorJsonWriter.WriteElements(writer, tensor, 0, 1, "output");
            return;
        }

        for (var row = 0; row < tensor.Shape[0]; row++)
        {
            WriteRow(writer, tensor, row);
        }
    }

    private static void WriteRow(Utf8JsonWriter writer, InferenceTensor tensor, int row)
    {
        if (tensor.Shape.Length == 0)
        {
            TensorJsonWriter.WriteElements(writer, tensor, 0, 1, "output");
            return;
        }

        var inner = tensor.Shape.AsSpan(1);
        var perRow = (int)TensorShape.ElementCount(inner);
        var index = row * perRow;
        WriteNested(writer, tensor, inner, ref index);
    }

    private static void WriteNested(Utf8JsonWriter writer, InferenceTensor tensor, ReadOnlySpan<long> dims, ref int index)
    {
        if (dims.IsEmpty)
        {
            TensorJsonWriter.WriteElements(writer, tensor, index++, 1, "output");
            return;
        }

        writer.WriteStartArray();
        if (dims.Length == 1)
        {
            TensorJsonWriter.WriteElements(writer, tensor, index, (int)dims[0], "output");
            index += (int)dims[0];
        }
        else
        {
            for (var i = 0; i < dims[0]; i++)
            {
                WriteNested(writer, tensor, dims[1..], ref index);
            }
        }

        writer.WriteEndArray();
    }
}
