using System.Globalization;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Models;

/// <summary>
/// The classification extension of the protocol (as Triton has it): an output asked for with
/// <c>"parameters": {"classification": k}</c> comes back as BYTES, the top k of its last dimension as
/// <c>"score:index:label"</c>, labels taken from the model's configuration.
/// </summary>
internal static class Classification
{
    private const string Parameter = "classification";

    /// <summary>The top-k count asked for an output, or 0; a 400 when the parameter is not a positive integer.</summary>
    public static int RequestedTopK(RequestedOutput output)
    {
        if (output.Parameters is null || !output.Parameters.TryGetValue(Parameter, out var raw))
        {
            return 0;
        }

        return raw is long k and > 0 and <= int.MaxValue
            ? (int)k
            : throw InferenceException.BadRequest($"output '{output.Name}': parameter '{Parameter}' must be a positive integer, got {raw}");
    }

    /// <summary>Replaces the outputs asked for with classification by their top-k strings.</summary>
    public static InferenceResponse Apply(InferenceModel model, InferenceRequest request, InferenceResponse response)
    {
        if (request.Outputs is not { } requested || !requested.Any(o => RequestedTopK(o) > 0))
        {
            return response;
        }

        var outputs = new List<InferenceTensor>(response.Outputs.Count);
        foreach (var output in response.Outputs)
        {
            var k = requested.FirstOrDefault(o => o.Name == output.Name) is { } ask ? RequestedTopK(ask) : 0;
            outputs.Add(k > 0 ? TopK(output, k, model.Labels) : output);
        }

        return new InferenceResponse
        {
            ModelName = response.ModelName,
            ModelVersion = response.ModelVersion,
            Id = response.Id,
            Parameters = response.Parameters,
            Outputs = outputs,
        };
    }

    private static InferenceTensor TopK(InferenceTensor output, int k, IReadOnlyList<string>? labels)
    {
        if (output.DataType == TensorDataType.Bytes || output.Shape.Length == 0)
        {
            throw InferenceException.BadRequest($"output '{output.Name}': classification needs a numeric output with a class dimension");
        }

        var values = output.ToDoubles();
        var classes = (int)output.Shape[^1];
        k = Math.Min(k, classes);
        var rows = classes == 0 ? 0 : values.Length / classes;
        var strings = new List<string>(rows * k);
        var order = new int[classes];
        for (var row = 0; row < rows; row++)
        {
            var scores = values.AsSpan(row * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                order[c] = c;
            }

            // Highest score first; ties keep the lower class index first, so the answer is deterministic.
            var copy = scores.ToArray();
            Array.Sort(order, (a, b) => copy[b].CompareTo(copy[a]) is var byScore and not 0 ? byScore : a.CompareTo(b));
            for (var i = 0; i < k; i++)
            {
                var index = order[i];
                var score = output.DataType is TensorDataType.FP32 or TensorDataType.FP16 or TensorDataType.BF16
                    ? ((float)copy[index]).ToString(CultureInfo.InvariantCulture)
                    : copy[index].ToString(CultureInfo.InvariantCulture);
                strings.Add(labels is not null && index < labels.Count ? $"{score}:{index}:{labels[index]}" : $"{score}:{index}");
            }
        }

        long[] shape = [.. output.Shape[..^1], k];
        return InferenceTensor.FromStrings(output.Name, shape, strings);
    }
}
