using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Models;

/// <summary>Checks a request against a model's declared inputs and outputs, with messages that name the input and the mismatch.</summary>
public static class RequestValidator
{
    /// <summary>Throws a 400 at the first input or requested output that does not fit the model.</summary>
    public static void Validate(InferenceModel model, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var inputs = request.Inputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            for (var j = 0; j < i; j++)
            {
                if (inputs[j].Name == input.Name)
                {
                    throw InferenceException.BadRequest($"input '{input.Name}' is given twice");
                }
            }

            var expected = Find(model.Inputs, input.Name)
                ?? throw InferenceException.BadRequest($"input '{input.Name}' is not an input of model '{model.Name}' (inputs: {Names(model.Inputs)})");
            CheckTensor(input, expected);
        }

        foreach (var expected in model.Inputs)
        {
            if (request.FindInput(expected.Name) is null)
            {
                throw InferenceException.BadRequest(
                    $"input '{expected.Name}' ({expected.DataType.ToProtocolName()} {TensorShape.Format(expected.Shape)}) is required by model '{model.Name}' but missing from the request");
            }
        }

        if (request.Outputs is { } outputs)
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                var name = outputs[i].Name;
                if (Find(model.Outputs, name) is null)
                {
                    throw InferenceException.BadRequest($"output '{name}' is not an output of model '{model.Name}' (outputs: {Names(model.Outputs)})");
                }

                for (var j = 0; j < i; j++)
                {
                    if (outputs[j].Name == name)
                    {
                        throw InferenceException.BadRequest($"output '{name}' is asked for twice");
                    }
                }

                Classification.RequestedTopK(outputs[i]);
            }
        }
    }

    /// <summary>Throws a 400 when a tensor's datatype or shape does not fit the metadata.</summary>
    public static void CheckTensor(InferenceTensor tensor, TensorMetadata expected)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(expected);
        if (tensor.DataType != expected.DataType)
        {
            throw InferenceException.BadRequest(
                $"input '{tensor.Name}': datatype {tensor.DataType.ToProtocolName()} does not match the model's {expected.DataType.ToProtocolName()}");
        }

        var shape = tensor.Shape;
        var want = expected.Shape;
        if (shape.Length != want.Length)
        {
            throw InferenceException.BadRequest(
                $"input '{tensor.Name}': shape {TensorShape.Format(shape)} has {shape.Length} dimensions, the model expects {want.Length} ({TensorShape.Format(want)})");
        }

        for (var d = 0; d < want.Length; d++)
        {
            if (want[d] >= 0 && shape[d] != want[d])
            {
                throw InferenceException.BadRequest(d == want.Length - 1 && want.Length == 2
                    ? $"input '{tensor.Name}': expected {want[d]} values per row, got {shape[d]}"
                    : $"input '{tensor.Name}': dimension {d} is {shape[d]}, the model expects {want[d]} (shape {TensorShape.Format(want)})");
            }
        }
    }

    private static TensorMetadata? Find(IReadOnlyList<TensorMetadata> list, string name)
    {
        foreach (var item in list)
        {
            if (item.Name == name)
            {
                return item;
            }
        }

        return null;
    }

    private static string Names(IReadOnlyList<TensorMetadata> list) => string.Join(", ", list.Select(t => t.Name));
}
