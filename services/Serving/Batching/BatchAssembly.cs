using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Batching;

/// <summary>
/// Joins requests into one along the first (batch) dimension and splits the answer back, row for row. Requests join
/// only when they agree on everything but their row counts: the same inputs with the same types and inner shapes, and
/// the same outputs asked for with the same parameters.
/// </summary>
internal static class BatchAssembly
{
    /// <summary>A key equal for requests that can run together; null for one that must run alone.</summary>
    public static string? Key(InferenceRequest request)
    {
        var key = new System.Text.StringBuilder();
        foreach (var input in request.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (input.Shape.Length == 0 || input.Parameters is { Count: > 0 })
            {
                return null;
            }

            key.Append(input.Name).Append(':').Append((int)input.DataType).Append('[');
            foreach (var dimension in input.Shape.AsSpan(1))
            {
                key.Append(dimension).Append(',');
            }

            key.Append("];");
        }

        key.Append('|');
        foreach (var output in request.Outputs ?? [])
        {
            if (output.Parameters is { Count: > 0 })
            {
                return null;
            }

            key.Append(output.Name).Append(';');
        }

        return key.ToString();
    }

    /// <summary>The rows a request brings: its inputs' first dimension, which must be the same for all.</summary>
    public static long Rows(InferenceRequest request) => request.Inputs.Count == 0 ? 0 : request.Inputs[0].Shape[0];

    /// <summary>One request holding every row of <paramref name="requests"/>, in order.</summary>
    public static InferenceRequest Merge(IReadOnlyList<InferenceRequest> requests)
    {
        var first = requests[0];
        var inputs = new InferenceTensor[first.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var name = first.Inputs[i].Name;
            var parts = requests.Select(r => r.FindInput(name)!).ToList();
            var shape = (long[])parts[0].Shape.Clone();
            shape[0] = parts.Sum(p => p.Shape[0]);
            var data = new byte[parts.Sum(p => p.Data.Length)];
            var offset = 0;
            foreach (var part in parts)
            {
                part.Data.Span.CopyTo(data.AsSpan(offset));
                offset += part.Data.Length;
            }

            // BYTES elements carry their own length prefixes, so their encodings join by concatenation too.
            inputs[i] = new InferenceTensor(name, parts[0].DataType, shape, data);
        }

        return new InferenceRequest { Inputs = inputs, Outputs = first.Outputs };
    }

    /// <summary>Each request's share of <paramref name="response"/>'s rows, as its own response.</summary>
    public static InferenceResponse[] Split(InferenceResponse response, IReadOnlyList<InferenceRequest> requests, long totalRows)
    {
        var rows = requests.Select(Rows).ToArray();
        var slices = new InferenceTensor[requests.Count][];
        for (var r = 0; r < requests.Count; r++)
        {
            slices[r] = new InferenceTensor[response.Outputs.Count];
        }

        for (var o = 0; o < response.Outputs.Count; o++)
        {
            var output = response.Outputs[o];
            if (output.Shape.Length == 0 || output.Shape[0] != totalRows)
            {
                throw new InvalidOperationException(
                    $"output '{output.Name}' has shape {TensorShape.Format(output.Shape)} for a batch of {totalRows} rows; the model's outputs do not follow its batch dimension, so it cannot be batched");
            }

            var offsets = RowOffsets(output, totalRows);
            long row = 0;
            for (var r = 0; r < requests.Count; r++)
            {
                var shape = (long[])output.Shape.Clone();
                shape[0] = rows[r];
                var start = offsets[row];
                var end = offsets[row + rows[r]];
                slices[r][o] = new InferenceTensor(output.Name, output.DataType, shape, output.Data[(int)start..(int)end], output.Parameters);
                row += rows[r];
            }
        }

        return [.. requests.Select((request, r) => new InferenceResponse
        {
            ModelName = response.ModelName,
            ModelVersion = response.ModelVersion,
            Id = request.Id,
            Parameters = response.Parameters,
            Outputs = slices[r],
        })];
    }

    /// <summary>The byte offset where each row starts, with the end as the last entry.</summary>
    private static long[] RowOffsets(InferenceTensor output, long totalRows)
    {
        var offsets = new long[totalRows + 1];
        var perRow = output.ElementCount / Math.Max(1, totalRows);
        if (output.DataType != TensorDataType.Bytes)
        {
            var rowBytes = perRow * output.DataType.ElementSize();
            for (var r = 0; r <= totalRows; r++)
            {
                offsets[r] = r * rowBytes;
            }

            return offsets;
        }

        var span = output.Data.Span;
        long offset = 0;
        for (var r = 0; r < totalRows; r++)
        {
            offsets[r] = offset;
            for (var e = 0; e < perRow; e++)
            {
                offset += 4 + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(int)offset..]);
            }
        }

        offsets[totalRows] = offset;
        return offsets;
    }
}
