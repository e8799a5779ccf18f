using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

using SkiaSharp;

namespace Modelplane.Transformer.Pipeline;

/// <summary>What a pipeline's response side works on: the predictor's outputs, replaced step by step by what the client gets.</summary>
public sealed class ResponseContext
{
    private readonly List<InferenceTensor> _outputs;

    internal ResponseContext(string modelName, InferenceResponse response, IReadOnlyList<SKBitmap>? images = null)
    {
        ModelName = modelName;
        PredictorResponse = response;
        Images = images ?? [];
        _outputs = [.. response.Outputs];
    }

    /// <summary>The model the client asked for.</summary>
    public string ModelName { get; }

    /// <summary>The request's images as its steps left them, for steps that cut from them; released after the last step.</summary>
    public IReadOnlyList<SKBitmap> Images { get; }

    /// <summary>What the predictor answered.</summary>
    public InferenceResponse PredictorResponse { get; }

    /// <summary>The outputs as they stand, in order; the client gets these after the last step.</summary>
    public IReadOnlyList<InferenceTensor> Outputs => _outputs;

    /// <summary>The output of a name; a configuration that names an output the predictor does not give is reported clearly.</summary>
    public InferenceTensor Get(string name) =>
        _outputs.Find(o => o.Name == name) ?? throw new InferenceException(
            InferenceErrorKind.Internal,
            $"model '{ModelName}': the pipeline reads output '{name}', which the predictor did not give (outputs: {string.Join(", ", _outputs.Select(o => o.Name))})");

    /// <summary>Removes the output <paramref name="name"/> and puts <paramref name="results"/> where it was.</summary>
    public void Replace(string name, params InferenceTensor[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var index = _outputs.FindIndex(o => o.Name == name);
        if (index < 0)
        {
            Get(name);
        }

        _outputs.RemoveAt(index);
        foreach (var result in results)
        {
            _outputs.RemoveAll(o => o.Name == result.Name);
        }

        _outputs.InsertRange(Math.Min(index, _outputs.Count), results);
    }

    /// <summary>Adds an output, or replaces the one of the same name.</summary>
    public void Set(InferenceTensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var index = _outputs.FindIndex(o => o.Name == output.Name);
        if (index < 0)
        {
            _outputs.Add(output);
        }
        else
        {
            _outputs[index] = output;
        }
    }

    /// <summary>The rows and classes of a numeric output whose last dimension holds the classes: <c>[N, C]</c>, or <c>[C]</c> as one row.</summary>
    public static (int Rows, int Classes) RowsAndClasses(InferenceTensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.DataType == TensorDataType.Bytes || output.Shape.Length == 0)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{output.Name}' is {output.DataType.ToProtocolName()} {TensorShape.Format(output.Shape)}; the step needs numbers with a class dimension");
        }

        var classes = (int)output.Shape[^1];
        return (classes == 0 ? 0 : (int)(output.ElementCount / classes), classes);
    }
}
