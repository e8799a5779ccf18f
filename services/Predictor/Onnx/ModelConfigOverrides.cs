using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Applies <c>config.json</c>'s input and output entries to what the model file declares: a config may fix open
/// dimensions, never contradict the file.
/// </summary>
internal static class ModelConfigOverrides
{
    public static IReadOnlyList<TensorMetadata> Apply(string role, IReadOnlyList<TensorMetadata> declared, IReadOnlyList<TensorConfig>? overrides)
    {
        if (overrides is null || overrides.Count == 0)
        {
            return declared;
        }

        var result = declared.ToList();
        foreach (var entry in overrides)
        {
            var index = result.FindIndex(t => t.Name == entry.Name);
            if (index < 0)
            {
                throw new InvalidDataException(
                    $"{ModelConfig.FileName}: {role} '{entry.Name}' is not an {role} of the model (it has: {string.Join(", ", declared.Select(t => t.Name))})");
            }

            var tensor = result[index];
            if (entry.Datatype is { } dataType && dataType != tensor.DataType)
            {
                throw new InvalidDataException(
                    $"{ModelConfig.FileName}: {role} '{entry.Name}' is {dataType.ToProtocolName()} in the config but {tensor.DataType.ToProtocolName()} in the model file");
            }

            if (entry.Shape is { } shape)
            {
                result[index] = tensor with { Shape = Narrow(role, tensor, [.. shape]) };
            }

            if (entry.FeatureNames is { } features && result[index].Shape is [.., var last] && last >= 0 && features.Count != last)
            {
                throw new InvalidDataException(
                    $"{ModelConfig.FileName}: {role} '{entry.Name}' lists {features.Count} feature names but its last dimension is {last}");
            }
        }

        return result;
    }

    private static long[] Narrow(string role, TensorMetadata tensor, long[] shape)
    {
        var declared = tensor.Shape;
        var compatible = shape.Length == declared.Length;
        for (var d = 0; compatible && d < shape.Length; d++)
        {
            compatible = shape[d] >= -1 && (declared[d] < 0 || shape[d] < 0 || shape[d] == declared[d]);
        }

        return compatible
            ? [.. shape.Select((dim, d) => dim < 0 ? declared[d] : dim)]
            : throw new InvalidDataException(
                $"{ModelConfig.FileName}: {role} '{tensor.Name}' has shape {TensorShape.Format(shape)} in the config, which does not fit {TensorShape.Format(declared)} in the model file");
    }
}
