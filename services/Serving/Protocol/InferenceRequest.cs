using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol;

/// <summary>An inference request of the Open Inference Protocol; v1 requests are mapped onto it.</summary>
public sealed class InferenceRequest
{
    /// <summary>The client's request identifier, echoed in the response.</summary>
    public string? Id { get; init; }

    /// <summary>Request-wide parameters.</summary>
    public InferenceParameters? Parameters { get; init; }

    /// <summary>The input tensors.</summary>
    public required IReadOnlyList<InferenceTensor> Inputs { get; init; }

    /// <summary>The outputs asked for; null means every output of the model.</summary>
    public IReadOnlyList<RequestedOutput>? Outputs { get; init; }

    /// <summary>The input of a given name, or null.</summary>
    public InferenceTensor? FindInput(string name)
    {
        foreach (var input in Inputs)
        {
            if (input.Name == name)
            {
                return input;
            }
        }

        return null;
    }
}
